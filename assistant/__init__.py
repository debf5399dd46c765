"""report-assistant (自评报告助手): guided drafting of government performance self-evaluation reports."""

__version__ = "0.1.0"
