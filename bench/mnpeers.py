#!/usr/bin/python3
"""Time multinomial logistic-regression fitters on one CSV, in-process, fit only (no CSV reading).

usage: mnpeers.py FILE.csv TARGET [--repeat N] [--only statsmodels,lbfgs,newton-cholesky]

Every column but TARGET is a numeric feature; TARGET holds the levels 0, 1, ..., K-1 (as
`go run ./cmd/gendata -n N -p P -classes K` writes them). An intercept is always fitted,
unpenalized. Prints one JSON object per peer: peer, fit_seconds (median of N), iterations,
log_likelihood, converged, and the coefficients as "level:column" against level 0, the form of
`go run ./bench/fitcsv -family multinomial FILE.csv TARGET` (scikit-learn's symmetric
coefficients are converted: beta_l - beta_0), so that estimates and likelihoods can be compared
with this project's on the same file and machine. A peer that cannot fit (scikit-learn before
1.6 has no multinomial newton-cholesky) prints {"peer": ..., "error": ...}.

The peers:
  statsmodels MNLogit(method="newton")   exact Newton, the Hessian of all (K-1)(p+1) coefficients
  scikit-learn lbfgs                     quasi-Newton; tol=1e-10 and max_iter=10000 so that it
                                         reaches the MLE rather than stopping at its default 1e-4
  scikit-learn newton-cholesky           exact Newton (multinomial since scikit-learn 1.6)

Needs Debian's python3-numpy python3-pandas python3-statsmodels python3-sklearn
(apt-get install -y ...). Not part of the module; run from the module root with
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/mnpeers.py data.csv y
(the OPENBLAS variables of this machine's environment make Debian's OpenBLAS fail).
The issue's size: go run ./cmd/gendata -n 100000 -p 20 -classes 4 -seed 1 > mn.csv
"""
import argparse, json, statistics, sys, time, warnings


def timed(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter(); out = fn(); times.append(time.perf_counter() - t)
    return statistics.median(times), out


def version(mod):
    return tuple(int(v) for v in mod.__version__.split("+")[0].split(".")[:2])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv"); ap.add_argument("target")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="statsmodels,lbfgs,newton-cholesky")
    a = ap.parse_args()
    only = set(a.only.split(","))
    import numpy as np, pandas as pd
    warnings.simplefilter("ignore")
    d = pd.read_csv(a.csv)
    y = d.pop(a.target).to_numpy()
    if not np.all(y == np.round(y)) or y.min() != 0:
        sys.exit(f"mnpeers: {a.csv}: {a.target} must hold the levels 0, 1, ..., K-1")
    y = y.astype(int); K = int(y.max()) + 1
    X = d.to_numpy(float); n, p = X.shape
    names = ["(Intercept)"] + list(d.columns)
    Xc = np.column_stack([np.ones(n), X])

    def loglik(B):  # B: (K-1) x (p+1), level 0 the baseline
        eta = np.column_stack([np.zeros(n), Xc @ B.T])
        top = eta.max(axis=1, keepdims=True)
        lse = top[:, 0] + np.log(np.exp(eta - top).sum(axis=1))
        return float((eta[np.arange(n), y] - lse).sum())

    def report(name, secs, it, B, converged):
        coef = {f"{l + 1}:{c}": float(B[l, j]) for l in range(K - 1) for j, c in enumerate(names)}
        print(json.dumps({"peer": name, "fit_seconds": secs, "iterations": it, "log_likelihood": loglik(B),
                          "converged": bool(converged), "n": n, "p": p, "K": K, "coefficients": coef}), flush=True)

    def error(name, e):
        print(json.dumps({"peer": name, "error": f"{type(e).__name__}: {e}"[:300]}), flush=True)

    if "statsmodels" in only:
        import statsmodels.api as sm
        name = "statsmodels MNLogit newton"
        try:
            secs, r = timed(lambda: sm.MNLogit(y, Xc).fit(method="newton", maxiter=100, disp=0), a.repeat)
            report(name, secs, int(r.mle_retvals["iterations"]), np.asarray(r.params).T, r.mle_retvals["converged"])
        except Exception as e:
            error(name, e)
    import sklearn
    from sklearn.linear_model import LogisticRegression
    for solver in ("lbfgs", "newton-cholesky"):
        if solver not in only:
            continue
        name = f"scikit-learn {sklearn.__version__} multinomial {solver}"
        kw = dict(penalty=None, solver=solver, tol=1e-10, max_iter=10000)
        if version(sklearn) < (1, 5):
            kw["multi_class"] = "multinomial"  # the default for K > 2 from 1.5, deprecated there
        try:
            secs, m = timed(lambda: LogisticRegression(**kw).fit(X, y), a.repeat)
            W = np.column_stack([m.intercept_, m.coef_])  # K x (p+1), symmetric
            if W.shape[0] != K:
                raise ValueError(f"got {W.shape[0]} coefficient vectors for {K} levels")
            it = int(np.max(m.n_iter_))
            report(name, secs, it, W[1:] - W[0], it < kw["max_iter"])
        except Exception as e:
            error(name, e)


if __name__ == "__main__":
    main()
