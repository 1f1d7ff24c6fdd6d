"""In-context memory: the TTT state makes a repeating random pattern more predictable.

Predictability here is each TTT layer's own self-supervised loss at its current state, measured
over one repetition of the pattern; the control runs the same model with the inner learning rate
at 0, where nothing is learned and every repetition scores the same. The models have no convolution
(`conv_kernel=0`), so the TTT state is their only memory of the context.
"""

from __future__ import annotations

import itertools

import pytest
import torch

from bit_ttt import BitLlama, BitLlamaConfig, TTTState

PATTERN, REPEATS = 8, 4


def inner_loss(ttt, x: torch.Tensor, state: TTTState | None) -> float:
    """½‖LN(XK·W + b) − (XV − XK)‖², summed over the tokens of ``x``, at the state's weights."""
    state = ttt.init_state(x.shape[0], x.dtype) if state is None else state
    _, xk, xv, _ = ttt.views(x, state)
    z = xk @ state.W + state.b
    ln = torch.nn.functional.layer_norm(z, (z.shape[-1],), eps=1e-6)
    ln = ln * ttt.ttt_norm_weight[None, :, None, :] + ttt.ttt_norm_bias[None, :, None, :]
    return float(0.5 * ((ln - (xv - xk)) ** 2).sum())


def losses_per_repetition(
    model: BitLlama, ids: torch.Tensor, ttt_enabled: bool
) -> list[list[float]]:
    """Feed one repetition per call; a pre-hook scores each layer's input at its incoming state."""
    scores: list[list[float]] = []
    hooks = [
        block.ttt.register_forward_pre_hook(
            lambda module, args, i=i: scores[-1].append(inner_loss(module, args[0], args[1]))
        )
        for i, block in enumerate(model.layers)
    ]
    states = None
    with torch.no_grad():
        for r in range(REPEATS):
            scores.append([])
            _, states = model(
                ids[:, r * PATTERN : (r + 1) * PATTERN], states, ttt_enabled=ttt_enabled
            )
    for hook in hooks:
        hook.remove()
    return scores


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_later_repetitions_are_more_predictable_than_the_first_against_zero_lr_control(seed):
    torch.manual_seed(seed)
    config = BitLlamaConfig(64, 32, 2, num_heads=4, mini_batch_size=PATTERN, conv_kernel=0)
    model = BitLlama(config).double()
    ids = torch.randint(0, 64, (1, PATTERN)).repeat(1, REPEATS)

    learning = losses_per_repetition(model, ids, ttt_enabled=True)
    control = losses_per_repetition(model, ids, ttt_enabled=False)

    for layer in range(2):
        trace = [rep[layer] for rep in learning]
        assert all(later < earlier for earlier, later in itertools.pairwise(trace)), trace
        assert trace[-1] < 0.95 * trace[0], trace
        flat = [rep[layer] for rep in control]
        assert max(flat) - min(flat) < 1e-9 * flat[0], flat


def test_model_logits_change_with_context_only_when_ttt_learns():
    torch.manual_seed(3)
    model = BitLlama(BitLlamaConfig(64, 32, 2, num_heads=4, mini_batch_size=PATTERN, conv_kernel=0)).double()
    ids = torch.randint(0, 64, (1, PATTERN)).repeat(1, 2)
    for enabled in (True, False):
        logits, _ = model(ids, ttt_enabled=enabled)
        gap = (logits[:, PATTERN:] - logits[:, :PATTERN]).abs().max().item()
        assert (gap > 1e-6) if enabled else (gap < 1e-12)


def next_token_loss_per_repetition(
    model: BitLlama, ids: torch.Tensor, ttt_enabled: bool
) -> list[float]:
    """Mean cross-entropy of predicting each repetition's tokens (its first excluded) from the past."""
    with torch.no_grad():
        logits, _ = model(ids[:, :-1], ttt_enabled=ttt_enabled)
    nll = torch.nn.functional.cross_entropy(logits.transpose(1, 2), ids[:, 1:], reduction="none")
    nll = nll.mean(0)  # (T - 1,)
    return [nll[r * PATTERN : (r + 1) * PATTERN - 1].mean().item() for r in range(REPEATS)]


@pytest.mark.slow
def test_trained_model_predicts_repetitions_from_ttt_memory_and_the_control_cannot():
    """Train briefly on random patterns repeated 4 times: with TTT the 2nd-4th repetitions become
    predictable (only the state can know the pattern); with the inner learning rate at 0 they stay
    exactly as hard as the first. About 5 s on one free core."""
    torch.manual_seed(0)
    vocab = 16
    model = BitLlama(BitLlamaConfig(vocab, 32, 2, num_heads=4, mini_batch_size=PATTERN, conv_kernel=0))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    for _ in range(120):
        ids = torch.randint(0, vocab, (16, PATTERN)).repeat(1, REPEATS)
        logits, _ = model(ids[:, :-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, vocab), ids[:, 1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    test_ids = torch.randint(0, vocab, (64, PATTERN)).repeat(1, REPEATS)
    learning = next_token_loss_per_repetition(model, test_ids, ttt_enabled=True)
    control = next_token_loss_per_repetition(model, test_ids, ttt_enabled=False)
    later = sum(learning[1:]) / (REPEATS - 1)
    assert later < learning[0] - 0.2, learning
    assert later < min(control) - 0.2, (learning, control)
    assert max(control) - min(control) < 1e-4, control
