#!/usr/bin/env python3
"""numpy side of tools/bench.ts: the same cases, timed on request so the two can interleave.

Protocol (one JSON object per line): reads {"case": NAME, "target": SECONDS}, answers
{"case": NAME, "seconds": PER_CALL, "reps": N, "result": R} after timing about `target` seconds of
calls (target 0: one call; R is a model case's final cost); {"cases": true} lists the case names;
{"setup": {...}} takes the data and starting parameters of the model cases A and B from bench.ts so
both sides train the same thing. Start it with OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 (bench.ts
does) so numpy runs single-threaded like Node.

The model cases are the course's code (init_utils.py, reg_utils.py, the regularization notebook's
graded functions, the optimization lab's model with Adam), op for op.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures"))
from course_ref import (  # noqa: E402  the course's code, one copy shared with the fixture generators
    backward_propagation_a, backward_propagation_b, compute_cost_nansum as compute_loss, forward_propagation,
    numpy_env, relu, sigmoid, update_parameters, compute_cost_with_regularization, backward_propagation_with_regularization,
    opt_model, forward_propagation_with_dropout, backward_propagation_with_dropout,
)

# numpy as learners run it (SIMD on), one OpenBLAS thread like Node
np = numpy_env(libm_ufuncs=False)

rng = np.random.default_rng(1)


def mats(*shapes):
    return [rng.standard_normal(s) for s in shapes]


A10, B300 = mats((10, 2), (2, 300))
W1s, Xb = mats((25, 12288), (12288, 32))
Xfull = rng.standard_normal((12288, 1080))
dZb = rng.standard_normal((25, 32))


# [2,10,5,1] relu-relu-sigmoid, m = 300, init_utils' forward/backward (convention A)
m = 300
X, Y = rng.standard_normal((2, m)), (rng.random((1, m)) > 0.5).astype(np.float64)
P = {"W1": rng.standard_normal((10, 2)) * np.sqrt(2 / 2), "b1": np.zeros((10, 1)),
     "W2": rng.standard_normal((5, 10)) * np.sqrt(2 / 10), "b2": np.zeros((5, 1)),
     "W3": rng.standard_normal((1, 5)) * np.sqrt(2 / 5), "b3": np.zeros((1, 1))}


def step_small():
    z1 = np.dot(P["W1"], X) + P["b1"]
    a1 = np.maximum(0, z1)
    z2 = np.dot(P["W2"], a1) + P["b2"]
    a2 = np.maximum(0, z2)
    z3 = np.dot(P["W3"], a2) + P["b3"]
    a3 = 1 / (1 + np.exp(-z3))
    dz3 = 1.0 / m * (a3 - Y)
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(P["W3"].T, dz3)
    dz2 = np.multiply(da2, np.int64(a2 > 0))
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(P["W2"].T, dz2)
    dz1 = np.multiply(da1, np.int64(a1 > 0))
    dW1 = np.dot(dz1, X.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)
    return dW1, db1, dW2, db2, dW3, db3


# ------------------------------------------------------------------ the course's 3-layer code


def step_small_nn():
    a3, cache = forward_propagation(X, P)
    cost = compute_loss(a3, Y)
    grads = backward_propagation_a(X, Y, cache)
    update_parameters(dict(P), grads, 0.01)
    return cost


# ------------------------------------------------------------------ model cases (data from bench.ts)
SETUP = {}


def model_a():
    s = SETUP["A"]
    X, Y, parameters = s["X"], s["Y"], dict(s["parameters"])
    cost = None
    for i in range(15000):
        a3, cache = forward_propagation(X, parameters)
        cost = compute_loss(a3, Y)
        grads = backward_propagation_a(X, Y, cache)
        parameters = update_parameters(parameters, grads, 0.01)
    return cost


def model_b(lambd):
    s = SETUP["B"]
    X, Y, parameters = s["X"], s["Y"], dict(s["parameters"])
    cost = None
    for i in range(30000):
        a3, cache = forward_propagation(X, parameters)
        if lambd == 0:
            cost = compute_loss(a3, Y)
            grads = backward_propagation_b(X, Y, cache)
        else:
            cost = compute_cost_with_regularization(a3, Y, parameters, lambd)
            grads = backward_propagation_with_regularization(X, Y, cache, lambd)
        parameters = update_parameters(parameters, grads, 0.3)
    return cost


def model_b1(keep_prob=0.86):
    """The regularization lab's dropout model (seed(1) inside every forward pass, as the course)."""
    s = SETUP["B"]
    X, Y, parameters = s["X"], s["Y"], dict(s["parameters"])
    cost = None
    for i in range(30000):
        a3, cache = forward_propagation_with_dropout(X, parameters, keep_prob)
        cost = compute_loss(a3, Y)
        grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)
        parameters = update_parameters(parameters, grads, 0.3)
    return cost


def model_c():
    """The optimization lab's model with Adam (opt_utils_v1a, the lab's solutions): the last epoch's cost."""
    s = SETUP["C"]
    _, _, cost = opt_model(s["X"], s["Y"], [2, 5, 2, 1], "adam")
    return cost


# D: SIGNS size, one epoch of mini-batch Adam, float64
MD, mb = 1080, 32
XD = rng.random((12288, MD))
YD = np.eye(6)[:, rng.integers(0, 6, MD)]
DStart = {"W1": rng.standard_normal((25, 12288)) * np.sqrt(1 / 12288), "b1": np.zeros((25, 1)),
          "W2": rng.standard_normal((12, 25)) * np.sqrt(1 / 25), "b2": np.zeros((12, 1)),
          "W3": rng.standard_normal((6, 12)) * np.sqrt(1 / 12), "b3": np.zeros((6, 1))}


XD32, YD32 = XD.astype(np.float32), YD.astype(np.float32)
DStart32 = {k: p.astype(np.float32) for k, p in DStart.items()}


def model_d(dtype=np.float64):
    """One epoch of the course's op-by-op code. float32: the same code on float32 arrays (numpy 2 keeps
    Python-float scalars weak, so everything stays float32), the ReLU mask as float32 instead of the
    course's np.int64 (which would promote every gradient to float64)."""
    lr, beta1, beta2, eps = 0.0001, 0.9, 0.999, 1e-8
    f32 = dtype == np.float32
    params = dict(DStart32 if f32 else DStart)
    X0, Y0 = (XD32, YD32) if f32 else (XD, YD)

    def mask(A):
        return (A > 0).astype(np.float32) if f32 else np.int64(A > 0)
    v = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    perm = list(np.random.permutation(MD))
    Xsh, Ysh = X0[:, perm], Y0[:, perm]
    t = 0
    cost = None
    for k in range((MD + mb - 1) // mb):
        Xk, Yk = Xsh[:, k * mb:(k + 1) * mb], Ysh[:, k * mb:(k + 1) * mb]
        n = Xk.shape[1]
        A1 = relu(np.dot(params["W1"], Xk) + params["b1"])
        A2 = relu(np.dot(params["W2"], A1) + params["b2"])
        Z3 = np.dot(params["W3"], A2) + params["b3"]
        e = np.exp(Z3 - Z3.max(axis=0, keepdims=True))
        p = e / e.sum(axis=0, keepdims=True)
        cost = -np.sum(np.log(p[Yk == 1])) / n
        dZ3 = (p - Yk) / n
        dZ2 = np.multiply(np.dot(params["W3"].T, dZ3), mask(A2))
        dZ1 = np.multiply(np.dot(params["W2"].T, dZ2), mask(A1))
        grads = {"W1": np.dot(dZ1, Xk.T), "b1": np.sum(dZ1, axis=1, keepdims=True),
                 "W2": np.dot(dZ2, A1.T), "b2": np.sum(dZ2, axis=1, keepdims=True),
                 "W3": np.dot(dZ3, A2.T), "b3": np.sum(dZ3, axis=1, keepdims=True)}
        t += 1
        for key in ["W1", "b1", "W2", "b2", "W3", "b3"]:
            g = grads[key]
            v[key] = beta1 * v[key] + (1 - beta1) * g
            vc = v[key] / (1 - beta1 ** t)
            s[key] = beta2 * s[key] + (1 - beta2) * np.square(g)
            sc = s[key] / (1 - beta2 ** t)
            params[key] = params[key] - lr * vc / (np.sqrt(sc) + eps)
    assert params["W1"].dtype == dtype and grads["W1"].dtype == dtype
    return cost


# [12288,25,12,6] relu-relu-linear, mini-batch of 32, output gradient dZ3 = (Z3 - Y)/mb
S = {"W1": rng.standard_normal((25, 12288)) * 0.01, "b1": np.zeros((25, 1)),
     "W2": rng.standard_normal((12, 25)) * 0.1, "b2": np.zeros((12, 1)),
     "W3": rng.standard_normal((6, 12)) * 0.1, "b3": np.zeros((6, 1))}
XS, YS = rng.random((12288, mb)), np.eye(6)[:, rng.integers(0, 6, mb)]


def step_signs():
    z1 = np.dot(S["W1"], XS) + S["b1"]
    a1 = np.maximum(0, z1)
    z2 = np.dot(S["W2"], a1) + S["b2"]
    a2 = np.maximum(0, z2)
    z3 = np.dot(S["W3"], a2) + S["b3"]
    dz3 = (z3 - YS) / mb
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(S["W3"].T, dz3)
    dz2 = np.multiply(da2, np.int64(a2 > 0))
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(S["W2"].T, dz2)
    dz1 = np.multiply(da1, np.int64(a1 > 0))
    dW1 = np.dot(dz1, XS.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)
    return dW1, db1, dW2, db2, dW3, db3


CASES = {
    "mm (10,2)·(2,300)": lambda: A10 @ B300,
    "mm (25,12288)·(12288,32)": lambda: W1s @ Xb,
    "mm (25,12288)·(12288,1080)": lambda: W1s @ Xfull,
    "mm (25,32)·(12288,32)ᵀ": lambda: dZb @ Xb.T,
    "step [2,10,5,1] m=300": step_small,
    "step [2,10,5,1] m=300 (alloc)": step_small,
    "step [2,10,5,1] m=300 (lib nn + cost + update)": step_small_nn,
    "step [12288,25,12,6] mb=32": step_signs,
    "A init model [2,10,5,1] m=300, 15000 it": model_a,
    "B reg model L2 [2,20,3,1] m=211, 30000 it": lambda: model_b(0.7),
    "B0 reg model baseline (lib), 30000 it": lambda: model_b(0),
    "B1 reg model dropout (notebook's code), 30000 it": model_b1,
    "C opt model Adam [2,5,2,1] mb=64, 10000 epochs": model_c,
    "D SIGNS [12288,25,12,6] Adam mb=32, 1 epoch": model_d,
    "D1 SIGNS, first epoch of a new trainer": model_d,  # the course's code: every epoch is a first one
    "D32 SIGNS as D, float32": lambda: model_d(np.float32),
}


def time_case(f, target):
    if target <= 0:  # one call (the model cases)
        t0 = time.perf_counter()
        r = f()
        return time.perf_counter() - t0, 1, r
    f()
    t0 = time.perf_counter()
    f()
    one = max(time.perf_counter() - t0, 1e-7)
    reps = max(1, int(target / one))
    t0 = time.perf_counter()
    for _ in range(reps):
        f()
    return (time.perf_counter() - t0) / reps, reps, None


def blas_name():
    try:
        return np.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
    except Exception:  # older numpy: no dict mode
        return "unknown BLAS"


def main():
    for line in sys.stdin:
        req = json.loads(line)
        if req.get("cases"):
            out = {"cases": list(CASES), "numpy": np.__version__, "blas": blas_name()}
        elif "setup" in req:
            for key, s in req["setup"].items():
                SETUP[key] = {"X": np.array(s["X"]), "Y": np.array(s["Y"]),
                              "parameters": {k: np.array(v) for k, v in s["parameters"].items()}}
            model_a(), model_b(0.7), model_b(0), model_b1(), model_c(), model_d(), model_d(np.float32)  # warm-up, as bench.ts does
            out = {"setup": True}
        else:
            sec, reps, r = time_case(CASES[req["case"]], float(req.get("target", 0.05)))
            out = {"case": req["case"], "seconds": sec, "reps": reps, "result": None if r is None else float(r)}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
