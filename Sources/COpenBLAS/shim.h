#include <cblas.h>

/* LAPACK routines exported by libopenblas (32-bit integers, column-major),
   declared here because Debian's cblas.h does not include lapack.h.
   Cholesky factorisation and solve, used by TelltaleLearning's Newton solver. */
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda,
             double *b, const int *ldb, int *info);
