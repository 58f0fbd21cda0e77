#!/usr/bin/env python3
"""numpy side of tools/bench.ts: the same cases, timed on request so the two can interleave.

Protocol (one JSON object per line): reads {"case": NAME, "target": SECONDS}, answers
{"case": NAME, "seconds": PER_CALL, "reps": N} after timing about `target` seconds of calls;
{"cases": true} lists the case names. Start it with OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
(bench.ts does) so numpy runs single-threaded like Node.
"""
import json
import sys
import time

import numpy as np

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


# [12288,25,12,6] relu-relu-linear, mini-batch of 32, output gradient dZ3 = (Z3 - Y)/mb
mb = 32
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
    "step [12288,25,12,6] mb=32": step_signs,
}


def time_case(f, target):
    f()
    t0 = time.perf_counter()
    f()
    one = max(time.perf_counter() - t0, 1e-7)
    reps = max(1, int(target / one))
    t0 = time.perf_counter()
    for _ in range(reps):
        f()
    return (time.perf_counter() - t0) / reps, reps


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
        else:
            sec, reps = time_case(CASES[req["case"]], float(req.get("target", 0.05)))
            out = {"case": req["case"], "seconds": sec, "reps": reps}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
