#ifndef TELLTALE_CPU_FEATURES_H
#define TELLTALE_CPU_FEATURES_H

/// 1 when this CPU runs x86-64-v3 code (AVX2, FMA, BMI2; Intel Haswell, AMD Zen and
/// later) or is not an x86-64 CPU, else 0. Compiled for the baseline CPU, so it is safe
/// to call before any code built with `-target-cpu haswell` runs.
int telltale_cpu_runs_x86_64_v3(void);

#endif
