"""The alerts model and rules: pure Python, no Flask, SQL or AMQP."""
