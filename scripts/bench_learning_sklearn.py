#!/usr/bin/env python3
"""scikit-learn timings on the learning benchmark's data.

Run after `swift run -c release telltale-benchmarks learning`, which writes the
10,000 x 1,000 float32 features and labels to $TMPDIR/telltale-learning-benchmark/:

    python3 scripts/bench_learning_sklearn.py [directory]

One BLAS thread (as the Swift benchmark) unless OPENBLAS_NUM_THREADS is set.
Times include standardisation (StandardScaler), as Telltale's fit does.
"""
import os
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
import warnings  # noqa: E402

warnings.simplefilter("ignore", ConvergenceWarning)

ROWS, COLS, EPOCHS = 10_000, 1_000, 20


def objective(model, xs, y, c):
    z = xs @ model.coef_[0] + model.intercept_[0]
    return c * np.sum(np.logaddexp(0, z) - y * z) + 0.5 * model.coef_[0] @ model.coef_[0]


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(tempfile.gettempdir(), "telltale-learning-benchmark")
    x = np.fromfile(os.path.join(directory, "features.f32"), dtype="<f4").reshape(ROWS, COLS)
    y = np.fromfile(os.path.join(directory, "labels.u8"), dtype=np.uint8).astype(int)
    print(f"data: {x.shape} float32 from {directory}, OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}")

    for label, kwargs in [("lbfgs, defaults (tol 1e-4, max_iter 100)", dict(solver="lbfgs")),
                          ("lbfgs, tol 1e-10, max_iter 10000", dict(solver="lbfgs", tol=1e-10, max_iter=10_000)),
                          ("newton-cholesky, tol 1e-10", dict(solver="newton-cholesky", tol=1e-10))]:
        start = time.perf_counter()
        x64 = x.astype(np.float64)  # standardised in double, as Telltale's logistic regression does
        xs = StandardScaler().fit(x64).transform(x64)
        model = LogisticRegression(C=1.0, **kwargs).fit(xs, y)
        seconds = time.perf_counter() - start
        accuracy = np.mean(model.predict(xs) == y)
        print(f"sklearn LogisticRegression C=1 {label}: {seconds:.3f} s, {int(model.n_iter_[0])} iterations, "
              f"objective {objective(model, xs, y, 1.0):.6f}, train accuracy {accuracy:.4f}")

    start = time.perf_counter()
    scaler = StandardScaler().fit(x)
    xs = scaler.transform(x).astype(np.float32)
    mlp = MLPClassifier(hidden_layer_sizes=(128,), solver="adam", alpha=1e-4, batch_size=200, learning_rate_init=1e-3,
                        max_iter=EPOCHS, n_iter_no_change=EPOCHS + 1, tol=0.0, early_stopping=False, shuffle=True,
                        random_state=0).fit(xs, y)
    seconds = time.perf_counter() - start
    print(f"sklearn MLPClassifier (1000-128-1, adam, batch 200, {mlp.n_iter_} epochs, float32): {seconds:.3f} s "
          f"({seconds / mlp.n_iter_:.3f} s/epoch), final loss {mlp.loss_:.4f}, train accuracy {np.mean(mlp.predict(xs) == y):.4f}")


if __name__ == "__main__":
    main()
