"""The warm parent's free memory taken up before it forks, so that sessions copy less of it.

A forked child shares the parent's pages until it writes to one; the kernel then copies that
page (4 KB) for the child alone. A session's new objects would go first into the blocks the
parent left free: Python's allocator fills partly used pools, glibc reuses free chunks spread
over its heap and the per-thread arenas the rehearsal's threads left behind. Each such block
makes every child copy a page of the parent's objects for a few bytes of its own.

So the parent, once it has loaded and rehearsed, keeps glibc to one arena and takes up every
free block itself (and never gives them back): a child's allocations then go to fresh pages,
side by side. This only changes where memory comes from; without glibc (or when Python's
allocator statistics cannot be read) it does nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import sys
import tempfile
from typing import Any

M_ARENA_MAX = -8  # mallopt() parameter of glibc's malloc.h
POOL_SIZE = 16 * 1024  # pymalloc's pool (CPython 3.11 and 3.12)
ALIGNMENT = 16  # pymalloc's size classes are 16 bytes apart
BYTES_HEADER = sys.getsizeof(b"") - 1  # a bytes object of length n takes this + n + 1 bytes
LARGEST_HOLE = 1 << 17  # glibc's first mmap threshold: larger requests rarely fit a hole
MAX_FILLS = 200_000  # a bound on the heap fill, far above what a parent has free

_STATS_ROW = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", re.MULTILINE)
_UNUSED_POOLS = re.compile(r"^(\d+) unused pools \*", re.MULTILINE)


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _libc() -> Any:
    """glibc's functions, or None on another C library."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    if not all(hasattr(libc, name) for name in ("mallopt", "mallinfo2", "malloc", "free")):
        return None
    libc.mallinfo2.restype = _MallInfo2
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return libc


def one_malloc_arena() -> bool:
    """Threads allocate from glibc's main arena too (call before any thread starts).

    Otherwise each thread of the rehearsal leaves an arena behind, partly free, which a
    child's threads then reuse page by page."""
    libc = _libc()
    return bool(libc is not None and libc.mallopt(M_ARENA_MAX, 1) == 1)


class FreeMemoryFill:
    """What the parent took up: Python objects and glibc blocks, kept for its lifetime."""

    def __init__(self) -> None:
        self.objects: list[object] = []
        self.blocks: list[int] = []
        self.block_count = 0
        self.python_bytes = 0
        self.heap_bytes = 0

    def __repr__(self) -> str:
        return (
            f"FreeMemoryFill({self.python_bytes // 1024} KB of Python blocks, "
            f"{self.heap_bytes // 1024} KB of heap in {self.block_count} blocks)"
        )


def allocator_stats() -> str:
    """The text of ``sys._debugmallocstats()``, which CPython writes to file descriptor 2."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as capture:
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            os.dup2(capture.fileno(), 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        capture.seek(0)
        return capture.read()


def free_python_blocks(stats: str) -> tuple[dict[int, int], int]:
    """From the allocator's statistics: free blocks per size class, and unused pools."""
    free: dict[int, int] = {}
    for match in _STATS_ROW.finditer(stats):
        size_class, size, available = int(match[1]), int(match[2]), int(match[5])
        if size == ALIGNMENT * (size_class + 1) and available:
            free[size_class] = available
    unused = _UNUSED_POOLS.search(stats)
    return free, int(unused[1]) if unused else 0


def _block_of(size_class: int, number: int) -> object:
    """A new object that takes exactly one block of ``size_class`` (16, 32, ... 512 bytes)."""
    if size_class == 0:
        return object()
    if size_class == 1:
        return float(number) + 0.5  # 24 bytes
    return bytes(ALIGNMENT * (size_class + 1) - BYTES_HEADER - 1)


def fill_python_blocks(fill: FreeMemoryFill) -> None:
    """Take every free block of Python's small-object allocator, and its unused pools."""
    try:
        free, unused_pools = free_python_blocks(allocator_stats())
    except (OSError, ValueError):
        return
    largest = max(free, default=31)
    per_pool = (POOL_SIZE - 48) // (ALIGNMENT * (largest + 1))
    wanted = sum(free.values()) + unused_pools * per_pool
    fill.objects = [None] * wanted  # the holder first, so that it takes no block itself
    index = 0
    for size_class, count in sorted(free.items()):
        for number in range(count):
            fill.objects[index] = _block_of(size_class, number)
            index += 1
        fill.python_bytes += count * ALIGNMENT * (size_class + 1)
    for number in range(unused_pools * per_pool):
        fill.objects[index] = _block_of(largest, number)
        index += 1
    fill.python_bytes += unused_pools * per_pool * ALIGNMENT * (largest + 1)


def _sizes() -> list[int]:
    """Request sizes from the largest heap hole down, finer where glibc's bins are."""
    sizes = []
    size = LARGEST_HOLE
    while size > 1024:
        sizes.append(size)
        size //= 2
    sizes += range(1024 - 8, 0, -16)  # each of glibc's small bins (16 bytes apart)
    return sizes


def fill_heap(fill: FreeMemoryFill) -> None:
    """Take every free chunk inside glibc's heap, largest first; the top stays free."""
    libc = _libc()
    if libc is None:
        return
    with contextlib.suppress(AttributeError, OSError):
        libc.malloc_trim(0)  # the free top goes back to the system first
    info = libc.mallinfo2()
    # The list is made at its full length first: growing it would free its old array.
    blocks: list[int] = [0] * min(MAX_FILLS, 2 * (info.ordblks + info.smblks) + 64)
    count = 0
    for size in _sizes():
        while count < len(blocks):
            before = libc.mallinfo2()
            if before.fordblks - before.keepcost < size:
                break  # no hole left this large
            block = libc.malloc(size)
            if not block:
                break
            after = libc.mallinfo2()
            if after.keepcost != before.keepcost or after.hblks != before.hblks:
                libc.free(block)  # it came from the top or from mmap: no hole fits
                break
            blocks[count] = block
            count += 1
            fill.heap_bytes += size
    fill.blocks, fill.block_count = blocks, count  # zeros after ``count``


def fill_free_memory() -> FreeMemoryFill:
    """Take up the parent's free memory (once it has loaded and rehearsed, before forking)."""
    fill = FreeMemoryFill()
    fill_python_blocks(fill)
    fill_heap(fill)
    return fill
