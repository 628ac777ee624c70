"""The warm parent's memory before it forks: free blocks taken up, one malloc arena, shared CSS."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.helpers import ROOT
from tutor.serve_ssh import memory

glibc = pytest.mark.skipif(memory._libc() is None, reason="needs glibc")


def run_python(code: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_allocator_statistics_give_free_blocks_per_size_class() -> None:
    free, unused = memory.free_python_blocks(memory.allocator_stats())
    assert free, "a running interpreter has some free small blocks"
    assert all(0 <= size_class < 64 and count > 0 for size_class, count in free.items())
    assert unused >= 0


def test_a_fill_block_takes_one_block_of_its_size_class() -> None:
    for size_class in range(32):
        block = memory._block_of(size_class, size_class)
        size = sys.getsizeof(block)
        assert memory.ALIGNMENT * size_class < size <= memory.ALIGNMENT * (size_class + 1)


def test_filling_takes_up_the_free_python_blocks_and_heap_holes() -> None:
    result = run_python(
        """
        import json
        from tutor.serve_ssh import memory
        holes = [bytes(n % 400 + 20) for n in range(30000)]
        big = [bytearray(2000 + n % 3000) for n in range(400)]
        del holes[::2], big[::2]  # free blocks in partly used pools, free heap chunks
        def python_free():
            free, _ = memory.free_python_blocks(memory.allocator_stats())
            return sum(count * 16 * (size_class + 1) for size_class, count in free.items())
        libc = memory._libc()
        def heap_holes():
            info = libc.mallinfo2() if libc else None
            return info.fordblks - info.keepcost if info else 0
        before, heap_before = python_free(), heap_holes()
        fill = memory.fill_free_memory()
        print(json.dumps({"before": before, "after": python_free(),
                          "heap_before": heap_before, "heap_after": heap_holes(),
                          "python_bytes": fill.python_bytes, "heap_bytes": fill.heap_bytes,
                          "glibc": libc is not None}))
        """
    )
    assert result["before"] > 500_000
    assert result["after"] < result["before"] / 4
    assert result["python_bytes"] >= result["before"] / 2
    if result["glibc"]:
        assert result["heap_before"] > 300_000
        assert result["heap_after"] < result["heap_before"] / 2
        assert result["heap_bytes"] > 0


@glibc
def test_one_malloc_arena_is_accepted_by_glibc() -> None:
    assert run_python(
        """
        import json
        from tutor.serve_ssh import memory
        print(json.dumps(memory.one_malloc_arena()))
        """
    )


def test_the_warm_parent_fills_its_free_memory_and_shares_parsed_css(tmp_path) -> None:
    result = run_python(
        f"""
        import json
        from tutor.serve_ssh import zygote
        from tutor.tui import shared_css
        warm = zygote.prepare({{"data_dir": {str(tmp_path)!r}}})
        print(json.dumps({{"warnings": warm.warnings, "python": warm.fill.python_bytes,
                          "css": shared_css.entries()}}))
        """
    )
    assert result["warnings"] == []
    assert result["python"] > 0
    assert result["css"] > 0  # the rehearsal's app parsed its CSS into the shared rules


@glibc
def test_the_heap_fill_never_takes_blocks_from_mmap() -> None:
    result = run_python(
        """
        import json
        from tutor.serve_ssh import memory
        libc = memory._libc()
        big = [bytearray(6000 + n) for n in range(200)]
        del big[::2]  # holes of about 6 KB in the heap
        libc.mallopt(-3, 4096)  # M_MMAP_THRESHOLD: 4 KB and more now come from mmap
        before = libc.mallinfo2().hblks
        fill = memory.fill_free_memory()
        print(json.dumps({"mmaps": libc.mallinfo2().hblks - before,
                          "blocks": fill.block_count}))
        """
    )
    assert result["mmaps"] == 0
    assert result["blocks"] < 5000
