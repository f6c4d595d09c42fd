print("telltale-benchmarks")
