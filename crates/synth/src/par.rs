//! Minimal work-queue parallelism on `std::thread::scope` (no rayon): jobs
//! are pulled from a shared queue so uneven jobs (heavy users) balance out,
//! while results stay deterministic because each job owns its output slice.

use std::sync::{Mutex, MutexGuard};

/// Threads to use by default: the machine's parallelism.
pub(crate) fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 64)
}

/// Locks, ignoring poisoning: a poisoned lock only means another worker
/// panicked, and the scope re-raises that panic anyway.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `work` on every job with up to `threads` threads, each with its own
/// scratch state from `scratch`. Stops taking new jobs after the first
/// error, which is returned.
pub(crate) fn run_jobs<J, S, E>(
    jobs: Vec<J>,
    threads: usize,
    scratch: impl Fn() -> S + Sync,
    work: impl Fn(J, &mut S) -> Result<(), E> + Sync,
) -> Result<(), E>
where
    J: Send,
    E: Send,
{
    let threads = threads.clamp(1, jobs.len().max(1));
    let queue = Mutex::new(jobs.into_iter());
    let failed: Mutex<Option<E>> = Mutex::new(None);
    let worker = || {
        let mut state = scratch();
        loop {
            if lock(&failed).is_some() {
                break;
            }
            let job = lock(&queue).next();
            let Some(job) = job else { break };
            if let Err(e) = work(job, &mut state) {
                lock(&failed).get_or_insert(e);
                break;
            }
        }
    };
    if threads == 1 {
        worker();
    } else {
        std::thread::scope(|scope| {
            for _ in 1..threads {
                scope.spawn(worker);
            }
            worker();
        });
    }
    match failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_jobs_run_and_errors_surface() {
        let mut out = vec![0u32; 100];
        let jobs: Vec<(usize, &mut [u32])> = out.chunks_mut(7).enumerate().collect();
        let r: Result<(), ()> = run_jobs(
            jobs,
            3,
            || (),
            |(k, s), _| {
                s.iter_mut().for_each(|x| *x = k as u32 + 1);
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert!(out.iter().all(|&x| x > 0));
        let r = run_jobs(
            (0..10).collect(),
            2,
            || (),
            |j, _| if j == 4 { Err(j) } else { Ok(()) },
        );
        assert_eq!(r, Err(4));
    }
}
