"""Streaming generation and file scoring against the model's own methods and a direct computation."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from bit_ttt import BitLlama, BitLlamaConfig
from bit_ttt.train.inference import LoadedModel, score_file, stream_tokens


@pytest.fixture(params=["reference", "cortex"])
def model(request: pytest.FixtureRequest) -> BitLlama:
    torch.manual_seed(0)
    config = BitLlamaConfig(vocab_size=256, hidden_dim=16, num_layers=1, mini_batch_size=4, variant=request.param)
    return BitLlama(config).eval()


@pytest.mark.parametrize("ttt", [True, False])
def test_stream_equals_model_generate(model: BitLlama, ttt: bool) -> None:
    prompt = [72, 101, 108, 108, 111]
    streamed = list(stream_tokens(model, prompt, max_new_tokens=12, temperature=0.9, top_k=20, seed=4, ttt=ttt))
    whole = model.generate(torch.tensor([prompt]), 12, temperature=0.9, top_k=20, seed=4, ttt_enabled=ttt)
    assert streamed == whole[0, len(prompt):].tolist()


def test_greedy_stream_carries_the_state(model: BitLlama) -> None:
    """Each greedy token is the argmax of a full forward over prompt + everything generated so far."""
    prompt = [1, 2, 3]
    out = list(stream_tokens(model, prompt, max_new_tokens=6, temperature=0.0))
    ids = list(prompt)
    for token in out:
        logits, _ = model(torch.tensor([ids]))
        assert token == int(logits[0, -1].argmax())
        ids.append(token)


def test_score_file_is_mean_nll_over_windows(model: BitLlama, tmp_path) -> None:
    path = tmp_path / "text.txt"
    path.write_bytes(bytes(range(32, 120)) * 3)
    result = score_file(LoadedModel(model, path, 0, "bytes", 16), path, context_len=16, batch_size=3)
    tokens = np.frombuffer(path.read_bytes(), dtype=np.uint8).astype(np.int64)
    total, count = 0.0, 0
    for start in range(0, (len(tokens) - 1) // 16 * 16, 16):
        window = torch.from_numpy(tokens[start : start + 17])
        with torch.no_grad():
            logits, _ = model(window[None, :-1])
        total += float(F.cross_entropy(logits[0], window[1:], reduction="sum"))
        count += 16
    assert result.tokens == count
    assert result.loss == pytest.approx(total / count, rel=1e-5)
    assert result.perplexity == pytest.approx(math.exp(total / count), rel=1e-5)


def test_score_file_reports_progress_up_to_every_token(model: BitLlama, tmp_path) -> None:
    path = tmp_path / "text.txt"
    path.write_bytes(bytes(range(32, 120)) * 3)
    calls: list[tuple[int, int]] = []
    result = score_file(LoadedModel(model, path, 0, "bytes", 16), path, batch_size=3,
                        progress=lambda done, total: calls.append((done, total)))
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})  # strictly growing
    assert calls[-1] == (result.tokens, result.tokens) and len(calls) == 6  # 16 windows in batches of 3


def test_a_float_export_is_one_file_that_loads_with_its_config(model: BitLlama, tmp_path) -> None:
    from bit_ttt.train.inference import export, load_model

    out = export(LoadedModel(model, tmp_path, 3, "bytes", 16), tmp_path / "out" / "model.safetensors", packed=False)
    assert [p.name for p in out.parent.iterdir()] == ["model.safetensors"]
    loaded = load_model(out)
    assert loaded.model.config == model.config
    ids = torch.tensor([[1, 2, 3, 4]])
    assert torch.equal(loaded.model(ids)[0], model(ids)[0])
