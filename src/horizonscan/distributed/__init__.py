"""Distributed workers: Dramatiq tasks on a Redis broker, per-host politeness kept in Redis.

``broker``      the Redis broker, its queues and task kinds, dead-letter records
``jobs``        the board on which a distributed run follows its tasks
``tasks``       what a worker does with a task (crawl a source, extract a batch)
``dispatch``    the sending side of ``crawl --distributed`` and ``process --distributed``
``hostgate``    the per-host lock and clock shared by every worker
``deadletters`` the dead-letter queue as ``sources health`` shows it
"""
