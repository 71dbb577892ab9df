"""Ambassador: a customer-service training game where a complaint is a chance to win an ambassador."""

__version__ = "0.1.0"
