"""The benchmarks' baselines are correct models, and `bench_quality.py` runs end to end and draws its plot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
pytestmark = pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="benchmarks/ is not in this copy")


@pytest.fixture
def baselines():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import baselines

        yield baselines
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_attention_decoding_with_the_kv_cache_equals_one_pass(baselines) -> None:
    torch.manual_seed(0)
    model = baselines.LlamaTransformer(baselines.LlamaConfig(50, 32, 2, num_heads=4)).double().eval()
    ids = torch.randint(0, 50, (2, 12))
    full, _ = model(ids)
    logits, cache = model(ids[:, :5])
    pieces = [logits]
    for t in range(5, 12):
        logits, cache = model(ids[:, t : t + 1], cache)
        pieces.append(logits)
    assert (torch.cat(pieces, 1) - full).abs().max().item() < 1e-10
    assert cache[0][0].shape == (2, 4, 12, 8)  # keys of every token so far: the cache grows with context


def test_attention_is_causal(baselines) -> None:
    torch.manual_seed(1)
    model = baselines.LlamaTransformer(baselines.LlamaConfig(50, 32, 1)).double()
    ids = torch.randint(0, 50, (1, 10))
    changed = ids.clone()
    changed[0, 6] = (ids[0, 6] + 1) % 50
    a, b = model(ids)[0], model(changed)[0]
    assert torch.equal(a[:, :6], b[:, :6]) and not torch.equal(a[:, 6:], b[:, 6:])


def test_same_width_and_depth_means_parameters_within_ten_percent(baselines) -> None:
    from bit_ttt import BitLlama, BitLlamaConfig

    for dim, layers in ((64, 2), (128, 4), (256, 8)):
        bit = BitLlama(BitLlamaConfig(256, dim, layers)).num_parameters()
        attention = sum(p.numel() for p in baselines.LlamaTransformer(baselines.LlamaConfig(256, dim, layers)).parameters())
        assert abs(bit / attention - 1) < 0.10, (dim, layers, bit, attention)


def test_the_float_twin_keeps_the_weights_and_drops_the_quantisation(baselines) -> None:
    from bit_ttt import BitLinear, BitLlama, BitLlamaConfig

    torch.manual_seed(2)
    model = BitLlama(BitLlamaConfig(40, 16, 1, num_heads=2))
    weights = {k: v.clone() for k, v in model.state_dict().items()}
    twin = baselines.float_twin(model)
    assert not any(isinstance(m, BitLinear) for m in twin.modules())
    assert all(torch.equal(weights[k], v) for k, v in twin.state_dict().items())


@pytest.mark.slow
def test_bench_quality_runs_and_writes_its_table_and_plot(tmp_path: Path) -> None:
    plot = tmp_path / "quality.png"
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_quality.py"), "--steps", "4", "--eval-every", "2",
         "--eval-windows", "2", "--dim", "32", "--layers", "1", "--context-len", "32", "--position-context", "64",
         "--contexts", "32,64", "--new-tokens", "2", "--threads", "1", "--plot", str(plot)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "OMP_NUM_THREADS": "1"}, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for name in ("BitLlama (ternary, TTT)", "BitLlama, float linears", "Llama-style attention, float"):
        assert done.stdout.count(name) == 2  # one row in each table
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
