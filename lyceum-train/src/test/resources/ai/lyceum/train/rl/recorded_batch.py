#!/usr/bin/env python3
"""The loss and gradient norm of RlTrainerTest's recorded batch, computed independently of Lyceum in PyTorch.

The model is Lyceum's tiny config initialised with seed 5 (saved by Checkpoint.save), loaded into the eager
PyTorch twin of ../shared/bench. The loss is written from ../shared/specs/guide.md: on-policy tokens
max(-A*rho, -A*clip(rho, 0.8, 1.2)); guided tokens -A*rho/(rho+gamma) with gamma = max(1e-4, 90th percentile of
the sequence's detached ratios); mean over each sequence's tokens, then over sequences. Old log-probs are the
model's own under the context that generated each response, before the update.

  /usr/bin/python3 recorded_batch.py CKPT_DIR   (apt-get install python3-torch libopenblas0-openmp)
"""
import sys
import torch

sys.path.insert(0, "../shared/bench")
import llama_parity  # noqa: E402

BOS, EOS = 256, 257


def tokens(text):
    return list(text.encode("utf-8"))


def main():
    model, _ = llama_parity.build(sys.argv[1])
    model.train()
    a = 0.5 / (0.5 ** 0.5 + 1e-6)  # (r - mean) / (unbiased std + 1e-6) for rewards {1, 0}: std sqrt(0.5)
    plain = [BOS] + tokens("abcdefgh=")
    guided = [BOS] + tokens("q_______;abcdefgh=")
    batch = [  # (plan context, behaviour context, response, advantage, on-policy)
        (plain, plain, tokens("qrstuvwx") + [EOS], a, True),
        (plain, plain, tokens("zzzz") + [EOS], -a, True),
        (plain, guided, tokens("qbcdefgx") + [EOS], a, False),
        (plain, guided, tokens("abcdefgh") + [EOS], -a, False),
    ]

    def logprobs(context, response):
        seq = torch.tensor([context + response])
        logits = model(seq)[0]
        lp = torch.log_softmax(logits[len(context) - 1:-1], dim=-1)
        return lp.gather(1, torch.tensor(response).unsqueeze(1)).squeeze(1)

    with torch.no_grad():
        old = [logprobs(behaviour, response) for _, behaviour, response, _, _ in batch]
    total = 0
    for (plan, _, response, adv, on), o in zip(batch, old):
        rho = torch.exp(torch.clamp(logprobs(plan, response) - o, -20, 20))
        if on:
            token = torch.maximum(-adv * rho, -adv * torch.clamp(rho, 0.8, 1.2))
        else:
            gamma = max(1e-4, float(torch.quantile(rho.detach().double(), 0.9)))
            token = -adv * rho / (rho + gamma)
        total = total + token.mean()
    loss = total / len(batch)
    loss.backward()
    norm = torch.sqrt(sum((p.grad.double() ** 2).sum() for p in model.parameters() if p.grad is not None))
    print(f"loss {loss.item():.9g} grad_norm {norm.item():.9g}")


if __name__ == "__main__":
    main()
