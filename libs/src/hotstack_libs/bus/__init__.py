"""The event bus: broker, stream, durable consumers, outbox, inbox and dead letters."""

from .broker import (
    JetStreamPublisher,
    connect_with_retry,
    create_broker,
    ensure_stream,
    stream_config,
)
from .consumer import (
    BatchEventConsumer,
    BatchHandler,
    BatchSubscription,
    EventConsumer,
    GiveUpHook,
    Handler,
    Reject,
    RetryPolicy,
    Subscription,
)
from .deadletter import DeadLetter
from .relay import OutboxRelay, Publisher
from .tables import InboxEntry, OutboxMessage, create_platform_tables
from .transaction import Transaction, TransactionFactory

__all__ = [
    "BatchEventConsumer",
    "BatchHandler",
    "BatchSubscription",
    "DeadLetter",
    "EventConsumer",
    "GiveUpHook",
    "Handler",
    "InboxEntry",
    "JetStreamPublisher",
    "OutboxMessage",
    "OutboxRelay",
    "Publisher",
    "Reject",
    "RetryPolicy",
    "Subscription",
    "Transaction",
    "TransactionFactory",
    "connect_with_retry",
    "create_broker",
    "create_platform_tables",
    "ensure_stream",
    "stream_config",
]
