#!/usr/bin/python3
"""Time this project's fit and its peers on CSV files, fit only, and print a markdown table.

usage: peertable.py [--accuracy default|matched] [--repeat N] [--only PEERS]
                    [--out TABLE.md] FILE.csv [FILE.csv ...]

Every column but the last, y, is a numeric feature (the files of `go run ./cmd/gendata`); an
intercept is always fitted, unpenalized. For each file it times `bench/fitcsv` (built once from
this module), whose estimate is the reference,
then each peer in this process on the same numbers (the CSV read once, with round-trip float
parsing, so that every fitter sees the same float64 values), and prints one JSON line per fit
to stderr and the table to stdout (or --out). A cell is "time (error)": the median of N fit
times and the error of the peer's estimate b against ours, max_j |b_j - beta_j| / max_j |beta_j|.

--accuracy default runs the peers at their defaults, as the README's first table:
  statsmodels Logit(method="newton"), scikit-learn newton-cholesky (tol 1e-4), R glm.fit.
--accuracy matched (the default) runs them until their estimates are within 1e-8 of the MLE:
  statsmodels   Logit newton, tol=1e-12 (on the change of every coefficient), maxiter=100
  newton-chol.  scikit-learn newton-cholesky, tol=1e-10, max_iter=1000
  lbfgs         scikit-learn lbfgs, tol=1e-10, max_iter=100000
  R             glm.fit(epsilon=1e-12, maxit=100) (relative change of the deviance)
A peer whose error stays above 1e-8 is marked "not within 1e-8" and left out of the ratio
column, which divides our time by the fastest peer's that is within 1e-8 (at defaults: by the
fastest peer's).

--only takes a comma-separated subset of statsmodels,newton-cholesky,lbfgs,r (R's glm.fit takes
minutes at (1e6, 50) and (2e5, 200): leave it out with --only statsmodels,newton-cholesky,lbfgs).

Needs Debian's python3-numpy python3-pandas python3-statsmodels python3-sklearn r-base-core and
a Go toolchain. Not part of the module; run it from the module root:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/peertable.py /tmp/data/d_*.csv
(the OPENBLAS variables of this machine's environment make Debian's OpenBLAS fail).
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time, warnings

PEERS = ("statsmodels", "newton-cholesky", "lbfgs", "r")
MATCHED = 1e-8

R_SCRIPT = r"""
args <- commandArgs(TRUE); d <- read.csv(args[1]); y <- d[[args[2]]]; d[[args[2]]] <- NULL
X <- cbind(1, as.matrix(d)); n <- as.integer(args[3]); t <- numeric(n)
ctl <- if (args[4] == "matched") glm.control(epsilon = 1e-12, maxit = 100) else glm.control()
for (i in 1:n) t[i] <- system.time(f <- glm.fit(X, y, family = binomial(), control = ctl))[["elapsed"]]
cat(median(t), f$iter, f$converged, format(coef(f), digits = 17), "\n")
"""


def timed(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter(); out = fn(); times.append(time.perf_counter() - t)
    return statistics.median(times), out


def fmt_time(s):
    if s < 1e-3:
        return f"{s * 1e3:.3f} ms"
    if s < 1:
        return f"{s * 1e3:.3g} ms"
    return f"{s:.3g} s"


def fmt_shape(n, p):
    def e(v):
        m, k = v, 0
        while m >= 10 and m % 10 == 0:
            m //= 10; k += 1
        return f"{m}e{k}" if k else str(m)
    return f"({e(n)}, {p})"


def build_fitcsv(root, tmp):
    """Builds bench/fitcsv into tmp."""
    out = os.path.join(tmp, "fitcsv")
    subprocess.run(["go", "build", "-o", out, "./bench/fitcsv"], cwd=root, check=True)
    return [("ours", "", out)]


def run_ours(binary, path, repeat):
    out = subprocess.run([binary, "-repeat", str(repeat), "-warmup", "1s", path, "y"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"fitcsv: {out.stderr.strip()[-300:]}")
    return json.loads(out.stdout)


def peer_fits(accuracy, only, X, y, path, repeat):
    """Yields (name, seconds, iterations, coefficients with the intercept first) or (name, error)."""
    import numpy as np
    matched = accuracy == "matched"
    if "statsmodels" in only:
        import statsmodels.api as sm
        Xc = sm.add_constant(X, has_constant="add")
        kw = dict(method="newton", disp=0)
        if matched:
            kw.update(tol=1e-12, maxiter=100)
        secs, r = timed(lambda: sm.Logit(y, Xc).fit(**kw), repeat)
        yield "statsmodels Logit newton", secs, int(r.mle_retvals["iterations"]), np.asarray(r.params)
    import sklearn
    from sklearn.linear_model import LogisticRegression
    for solver in ("newton-cholesky", "lbfgs"):
        if solver not in only or solver == "lbfgs" and not matched:
            continue
        kw = dict(penalty=None, solver=solver)
        if matched:
            kw.update(tol=1e-10, max_iter=1000 if solver == "newton-cholesky" else 100000)
        name = f"scikit-learn {sklearn.__version__} {solver}"
        try:
            secs, m = timed(lambda: LogisticRegression(**kw).fit(X, y), repeat)
            yield name, secs, int(m.n_iter_[0]), np.r_[m.intercept_, m.coef_[0]]
        except Exception as e:  # newton-cholesky needs scikit-learn 1.2
            yield name, f"{type(e).__name__}: {e}"[:300]
    if "r" in only:
        with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as f:
            f.write(R_SCRIPT)
        try:
            out = subprocess.run(["Rscript", f.name, path, "y", str(repeat), accuracy],
                                 capture_output=True, text=True)
        finally:
            os.unlink(f.name)
        if out.returncode != 0:
            yield "R glm.fit", out.stderr.strip()[-300:]
        else:
            v = out.stdout.split()
            yield "R glm.fit", float(v[0]), int(v[1]), np.array(list(map(float, v[3:])))


def main():
    ap = argparse.ArgumentParser(description="time this project's fit and its peers; print a markdown table")
    ap.add_argument("files", nargs="+", metavar="FILE.csv")
    ap.add_argument("--accuracy", choices=("default", "matched"), default="matched")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default=",".join(PEERS))
    ap.add_argument("--out", help="write the table to this file instead of stdout")
    a = ap.parse_args()
    only = set(a.only.split(",")) - {""}
    if not only <= set(PEERS) or a.repeat < 1:
        ap.error(f"--only takes a subset of {','.join(PEERS)} and --repeat at least 1")
    import numpy as np, pandas as pd
    warnings.simplefilter("ignore")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    rows, columns = [], None
    with tempfile.TemporaryDirectory() as tmp:
        builds = build_fitcsv(root, tmp)
        for path in a.files:
            d = pd.read_csv(path, float_precision="round_trip")
            if d.columns[-1] != "y":
                sys.exit(f"peertable: {path}: the last column is {d.columns[-1]!r}, want y")
            y = d.pop("y").to_numpy(float); X = d.to_numpy(float)
            n, p = X.shape
            names = ["(Intercept)"] + list(d.columns)
            ours = {}
            for label, exp, binary in builds:
                r = run_ours(binary, path, a.repeat)
                r.update(file=path, accuracy=a.accuracy)
                print(json.dumps(r), file=sys.stderr, flush=True)
                ours[label] = r
            ref = np.array([ours["ours"]["coefficients"][c] for c in names])
            scale = np.max(np.abs(ref))
            cells = {}
            for label, r in ours.items():
                b = np.array([r["coefficients"][c] for c in names])
                cells[label] = (r["fit_seconds"], float(np.max(np.abs(b - ref)) / scale), r["iterations"])
            for fit in peer_fits(a.accuracy, only, X, y, path, a.repeat):
                name = fit[0]
                if len(fit) == 2:
                    print(json.dumps({"peer": name, "file": path, "error": fit[1]}), file=sys.stderr, flush=True)
                    cells[name] = None
                    continue
                _, secs, it, b = fit
                err = float(np.max(np.abs(b - ref)) / scale)
                print(json.dumps({"peer": name, "file": path, "accuracy": a.accuracy, "fit_seconds": secs,
                                  "iterations": it, "error": err,
                                  "coefficients": dict(zip(names, map(float, b)))}), file=sys.stderr, flush=True)
                cells[name] = (secs, err, it)
            if columns is None:
                columns = list(cells)
            rows.append((fmt_shape(n, p), cells))
    lines = [f"Fit times ({a.accuracy} accuracy), median of {a.repeat}; in parentheses the estimate's error "
             "against ours, max |b - beta| / max |beta|, and the iterations"
             + (f"; a peer above {MATCHED:g} is marked and left out of the ratio" if a.accuracy == "matched" else "")
             + ". " + cpu_model() + ".", ""]
    lines.append("| (n, p) | " + " | ".join(columns) + " | ratio ours / fastest peer |")
    lines.append("| --- " * (len(columns) + 2) + "|")
    for shape, cells in rows:
        out, peers = [], []
        for c in columns:
            v = cells.get(c)
            if v is None:
                out.append("error" if c in cells else "")
                continue
            secs, err, it = v
            s = f"{fmt_time(secs)} ({err:.0e}, {it} it)"
            if not c.startswith("ours"):
                if a.accuracy == "matched" and not err <= MATCHED:
                    s += f", not within {MATCHED:g}"
                else:
                    peers.append(secs)
            out.append(s)
        ratio = f"{cells['ours'][0] / min(peers):.2f}" if peers else "no peer"
        lines.append(f"| {shape} | " + " | ".join(out) + f" | {ratio} |")
    table = "\n".join(lines) + "\n"
    if a.out:
        with open(a.out, "w") as f:
            f.write(table)
    else:
        sys.stdout.write(table)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            info = {k.strip(): v.strip() for k, v in
                    (l.split(":", 1) for l in f.read().split("\n\n")[0].splitlines() if ":" in l)}
        return f"{info['model name']}, family {info['cpu family']} model {info['model']}, {os.cpu_count()} CPUs"
    except (OSError, KeyError):
        return f"{os.cpu_count()} CPUs"


if __name__ == "__main__":
    main()
