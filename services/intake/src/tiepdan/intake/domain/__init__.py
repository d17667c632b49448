"""Pure intake model and rules: no Flask, SQL or AMQP here."""
