# Times the weighted Gram product X^T W X with numpy (OpenBLAS) on the shapes of
# the bench package, for comparison with BenchmarkGram (GFLOP/s counts the upper
# triangle, one multiply and one add per entry and row): as (X^T * w) @ X (gemm),
# as A^T A with A = X * sqrt(w) formed in the timing (syrk, the weighting and the
# product as BenchmarkGram times them) and without it (syrk alone, the product
# only). It first prints the BLAS
# numpy calls and the threads it runs (threadpoolctl), at most --threads N of
# them when given (--threads 1 for BenchmarkGram -cpu 1); --sizes 1000x5,... picks
# shapes n x p. Not part of the module; run with:
#     env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/npgram.py [--threads N]
import argparse, statistics, time, numpy as np, threadpoolctl

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, help="limit the BLAS to N threads")
ap.add_argument("--sizes", default="1000x5,100000x20,1000000x10,1000000x50,200000x200",
                help="comma-separated shapes NxP")
a = ap.parse_args()
if a.threads is not None and a.threads < 1:
    ap.error("--threads takes a number of threads, at least 1")
try:
    sizes = [tuple(int(v) for v in s.split("x")) for s in a.sizes.split(",")]
    if any(len(s) != 2 or min(s) < 1 for s in sizes):
        raise ValueError
except ValueError:
    ap.error(f"--sizes {a.sizes!r}: want shapes such as 1000x5,200000x200")


def run():
    for b in threadpoolctl.threadpool_info():
        if b["user_api"] == "blas":
            print(f"numpy {np.__version__}: {b['internal_api']} {b['version']} ({b['filepath']}), "
                  f"threading {b.get('threading_layer')}, architecture {b.get('architecture')}, "
                  f"{b['num_threads']} threads", flush=True)
    rng = np.random.default_rng(1)
    for n, p in sizes:
        X = rng.standard_normal((n, p)); w = rng.uniform(0.1, 0.25, n)
        def t(f, r=7):
            f(); ts = []
            for _ in range(r):
                s = time.perf_counter(); f(); ts.append(time.perf_counter() - s)
            return statistics.median(ts)
        tg = t(lambda: (X.T * w) @ X)
        ts = t(lambda: (lambda A: A.T @ A)(X * np.sqrt(w)[:, None]))
        A = X * np.sqrt(w)[:, None]
        tp = t(lambda: A.T @ A)  # syrk alone, the weighted matrix formed beforehand
        del A
        fl = n * p * (p + 1)
        print(f"n={n} p={p} gemm {tg*1e3:.3f} ms {fl/tg/1e9:.2f} GFLOP/s  syrk {ts*1e3:.3f} ms {fl/ts/1e9:.2f} GFLOP/s"
              f"  syrk alone {tp*1e3:.3f} ms {fl/tp/1e9:.2f} GFLOP/s", flush=True)


if a.threads is None:
    run()
else:
    with threadpoolctl.threadpool_limits(limits=a.threads, user_api="blas"):
        run()
