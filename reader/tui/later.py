"""Provides ``after``: run a callback on a widget's (or screen's, or app's) queue after a delay.

Textual's ``set_timer`` can drop a one-shot timer for good: it reads the clock twice before
waiting, and when the thread loses the CPU or the GIL (a worker analysing text, a loaded
machine) for longer than the delay in between, it skips the tick as late, and a one-shot timer
has no other. Under load, "lay out the rest in 10 ms" then never happened. asyncio's
``call_later`` has no such skip; the callback is posted as a message, so it runs on the node's
own queue, in order with its other messages.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.message_pump import MessagePump


def after(node: MessagePump, delay: float, callback: Callable[[], object]) -> asyncio.TimerHandle:
    """Runs ``callback`` on ``node``'s queue ``delay`` seconds from now (dropped if the node has
    closed meanwhile); ``cancel()`` the returned handle to call it off."""
    return asyncio.get_running_loop().call_later(delay, node.call_later, callback)
