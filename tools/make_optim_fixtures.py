"""Writes PyTorch reference fixtures for Recur.Optim under tests/Recur.Tests/Fixtures/optim/.

* <optimiser>.safetensors: three seeded parameters, the gradient of each parameter for each of 5 steps and the
  parameters after each step (for ASGD also its average 'ax'). Parameter "c" has no gradient at step 2 (index 1), which PyTorch's optimisers skip
  without touching its state. Hyperparameters are in the metadata.
* schedules.safetensors: the learning rate in effect before each of 20 scheduler steps (F64), one tensor per schedule,
  with the schedule's settings in the metadata.
* clip.safetensors: gradients before and after clip_grad_norm_ / clip_grad_value_, and the returned norms.

Run from the repository root: /usr/bin/python3 tools/make_optim_fixtures.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT = os.path.join("tests", "Recur.Tests", "Fixtures", "optim")
STEPS = 5
SHAPES = {"w": (5, 7), "b": (3,), "c": (2, 9)}  # odd sizes so that vectorised kernels run their tails


def initial_parameters():
    g = torch.Generator().manual_seed(20240611)
    return {name: torch.randn(*shape, generator=g) for name, shape in SHAPES.items()}


def gradient_sequence():
    g = torch.Generator().manual_seed(7)
    grads = []
    for step in range(STEPS):
        # Growing scale and a sign flip make momentum and Adam's moments do something nontrivial.
        scale = (1.0 + step) * (-1.0 if step == 3 else 1.0)
        grads.append({name: scale * torch.randn(*shape, generator=g) for name, shape in SHAPES.items()
                      if not (name == "c" and step == 1)})
    return grads


# Learning rates are large, and one epsilon is far from negligible, so that a slip in any term of an update moves the
# parameters by more than the tests' 1e-6 tolerance.
OPTIMISERS = {
    "sgd_plain": (torch.optim.SGD, dict(lr=0.3)),
    "sgd_momentum": (torch.optim.SGD, dict(lr=0.05, momentum=0.9, dampening=0.2, weight_decay=0.01)),
    "sgd_nesterov": (torch.optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    "adam": (torch.optim.Adam, dict(lr=0.1, betas=(0.9, 0.999), eps=1e-8)),
    "adam_weight_decay": (torch.optim.Adam, dict(lr=0.2, betas=(0.8, 0.99), eps=0.05, weight_decay=0.1)),
    "adamw": (torch.optim.AdamW, dict(lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.5)),
    # ASGD as NT-ASGD uses it (Merity et al. 2018): t0 = 0, lambd = 0.
    "asgd": (torch.optim.ASGD, dict(lr=0.3, lambd=0.0, t0=0.0, weight_decay=0.01)),
    "adagrad": (torch.optim.Adagrad, dict(lr=0.3, lr_decay=0.1, weight_decay=0.05, initial_accumulator_value=0.2,
                                          eps=1e-3)),
}


def run_optimiser(name, cls, options):
    params = {k: v.clone().requires_grad_(True) for k, v in initial_parameters().items()}
    optimiser = cls(list(params.values()), **options)
    out = {f"initial.{k}": v.detach().clone() for k, v in params.items()}
    for step, grads in enumerate(gradient_sequence()):
        for k, p in params.items():
            p.grad = grads[k].clone() if k in grads else None
            if k in grads:
                out[f"grad.{step}.{k}"] = grads[k]
        optimiser.step()
        for k, p in params.items():
            out[f"param.{step}.{k}"] = p.detach().clone()
            if "ax" in optimiser.state.get(p, {}):  # ASGD's running average of the iterates
                out[f"ax.{step}.{k}"] = optimiser.state[p]["ax"].detach().clone()
    metadata = {"optimizer": cls.__name__, "steps": str(STEPS)}
    for key, value in options.items():
        if key == "betas":
            metadata["beta1"], metadata["beta2"] = repr(value[0]), repr(value[1])
        else:
            metadata[key] = repr(value)
    safetensors_io.save(os.path.join(OUT, name + ".safetensors"), out, metadata)


def learning_rates(make_scheduler, steps=20, base_lr=0.5):
    optimiser = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base_lr)
    scheduler = make_scheduler(optimiser)
    rates = []
    for _ in range(steps):
        rates.append(optimiser.param_groups[0]["lr"])
        optimiser.step()
        scheduler.step()
    return torch.tensor(rates, dtype=torch.float64)


def schedules():
    S = torch.optim.lr_scheduler
    out = {
        "step_lr": learning_rates(lambda o: S.StepLR(o, step_size=3, gamma=0.5)),
        "exponential_lr": learning_rates(lambda o: S.ExponentialLR(o, gamma=0.9)),
        # 20 steps with T_max = 8 cover PyTorch's continuation past T_max, where the cosine rises again.
        "cosine_annealing_lr": learning_rates(lambda o: S.CosineAnnealingLR(o, T_max=8, eta_min=0.01)),
        "linear_warmup_constant": learning_rates(lambda o: S.LinearLR(o, start_factor=0.1, total_iters=5)),
        "linear_warmup_exponential": learning_rates(lambda o: S.ChainedScheduler(
            [S.LinearLR(o, start_factor=0.25, total_iters=4), S.ExponentialLR(o, gamma=0.9)])),
    }
    metadata = {"base_lr": "0.5", "steps": "20"}
    safetensors_io.save(os.path.join(OUT, "schedules.safetensors"), out, metadata)


def clipping():
    g = torch.Generator().manual_seed(99)
    out, metadata = {}, {}
    for case, max_norm in (("clipped", 1.5), ("unclipped", 100.0)):
        params = [torch.zeros(*shape, requires_grad=True) for shape in SHAPES.values()]
        for p in params:
            p.grad = torch.randn(*p.shape, generator=g)
        for k, p in zip(SHAPES, params):
            out[f"{case}.before.{k}"] = p.grad.clone()
        norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
        out[f"{case}.norm"] = norm.detach().clone()
        for k, p in zip(SHAPES, params):
            out[f"{case}.after.{k}"] = p.grad.clone()
        metadata[f"{case}.max_norm"] = repr(max_norm)
    params = [torch.zeros(*shape, requires_grad=True) for shape in SHAPES.values()]
    for k, p in zip(SHAPES, params):
        p.grad = 2 * torch.randn(*p.shape, generator=g)
        out[f"value.before.{k}"] = p.grad.clone()
    torch.nn.utils.clip_grad_value_(params, 0.75)
    for k, p in zip(SHAPES, params):
        out[f"value.after.{k}"] = p.grad.clone()
    metadata["value.clip_value"] = "0.75"
    safetensors_io.save(os.path.join(OUT, "clip.safetensors"), out, metadata)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (cls, options) in OPTIMISERS.items():
        run_optimiser(name, cls, options)
    schedules()
    clipping()
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()
