// Measures the alternative to Telltale's GEMM transforms: FFTW (libfftw3-dev) on
// one 256x256 float plane, against OpenBLAS sgemm DCT (C*X*C^T) unbatched and
// batched 8 images per GEMM, one thread each. Not part of the build; run with
//     bash scripts/bench/fft_vs_gemm.sh
// (installs libfftw3-dev if missing). See README "Performance" for the numbers.
#include <fftw3.h>
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(){
  int n=256, reps=300;
  openblas_set_num_threads(1);
  float *x=fftwf_malloc(sizeof(float)*n*n); fftwf_complex *y=fftwf_malloc(sizeof(fftwf_complex)*n*(n/2+1));
  for(int i=0;i<n*n;i++) x[i]=rand()%256;
  fftwf_plan p=fftwf_plan_dft_r2c_2d(n,n,x,y,FFTW_MEASURE);
  for(int i=0;i<n*n;i++) x[i]=rand()%256;
  double t0=now(); for(int r=0;r<reps;r++) fftwf_execute(p); double t1=now();
  printf("fftw r2c 256^2: %.3f ms\n",(t1-t0)/reps*1e3);
  float *d=fftwf_malloc(sizeof(float)*n*n);
  fftwf_plan q=fftwf_plan_r2r_2d(n,n,x,d,FFTW_REDFT10,FFTW_REDFT10,FFTW_MEASURE);
  for(int i=0;i<n*n;i++) x[i]=rand()%256;
  t0=now(); for(int r=0;r<reps;r++) fftwf_execute(q); t1=now();
  printf("fftw dct-II 256^2: %.3f ms\n",(t1-t0)/reps*1e3);
  // GEMM DCT: C (n x n) * X * C^T : two sgemm n^3
  float *C=malloc(4*n*n),*T=malloc(4*n*n),*Y=malloc(4*n*n);
  for(int i=0;i<n*n;i++) C[i]=cosf(i*0.001f);
  int batch=8; float *XB=malloc(4*n*n*batch),*TB=malloc(4*n*n*batch);
  for(int i=0;i<n*n*batch;i++) XB[i]=rand()%256;
  t0=now(); for(int r=0;r<reps;r++){ cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasNoTrans,n,n,n,1,C,n,x,n,0,T,n); cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasTrans,n,n,n,1,T,n,C,n,0,Y,n);} t1=now();
  printf("gemm dct 256^2 (2 sgemm): %.3f ms  (%.1f GFLOP/s)\n",(t1-t0)/reps*1e3, 4.0*n*n*n/((t1-t0)/reps)/1e9);
  // batched: C * [X1..X8] side by side as n x (n*batch)? row-major X stacked as n x n*batch needs layout; approximate with (n*batch) x n times C^T
  t0=now(); for(int r=0;r<reps/batch;r++){ cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasTrans,n*batch,n,n,1,XB,n,C,n,0,TB,n);} t1=now();
  printf("batched right-multiply per image: %.3f ms\n",(t1-t0)/(reps/batch)/batch*1e3);
  return 0;}
