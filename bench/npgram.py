# Times the weighted Gram product X^T W X with numpy (OpenBLAS) on the shapes of
# the bench package, for comparison with BenchmarkGram (GFLOP/s counts the upper
# triangle, one multiply and one add per entry and row). Not part of the module;
# run with: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/npgram.py
import sys, time, statistics, numpy as np, threadpoolctl
print(threadpoolctl.threadpool_info()[0]["architecture"], threadpoolctl.threadpool_info()[0]["num_threads"], file=sys.stderr)
rng = np.random.default_rng(1)
for n, p in [(1000, 5), (100000, 20), (1000000, 10), (1000000, 50), (200000, 200)]:
    X = rng.standard_normal((n, p)); w = rng.uniform(0.1, 0.25, n)
    def t(f, r=7):
        f(); ts = []
        for _ in range(r):
            s = time.perf_counter(); f(); ts.append(time.perf_counter() - s)
        return statistics.median(ts)
    tg = t(lambda: (X.T * w) @ X)
    ts = t(lambda: (lambda A: A.T @ A)(X * np.sqrt(w)[:, None]))
    fl = n * p * (p + 1)
    print(f"n={n} p={p} gemm {tg*1e3:.3f} ms {fl/tg/1e9:.2f} GFLOP/s  syrk {ts*1e3:.3f} ms {fl/ts/1e9:.2f} GFLOP/s")
