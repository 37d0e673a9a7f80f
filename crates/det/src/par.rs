//! A minimal deterministic work queue on `std::thread::scope` (no rayon).
//!
//! Tasks are independent; workers pull them from one shared queue in the
//! given order (so uneven tasks, such as heavy users, balance out), and
//! results come back in task order. Which thread ran which task therefore
//! never shows in the output: the caller's results are deterministic
//! whatever the scheduling and the number of threads. With one worker, or
//! on wasm32 (no threads), tasks run inline in order.
//!
//! ```
//! use cartelera_det::par::run_tasks;
//! let squares = run_tasks((0..10u64).collect(), 3, |x| x * x);
//! assert_eq!(squares[9], 81);
//! ```

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Threads to use by default: the machine's parallelism (1 on wasm32 or
/// when it is unknown, at most 64).
pub fn default_threads() -> usize {
    if cfg!(target_arch = "wasm32") {
        return 1;
    }
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 64)
}

/// Locks, ignoring poisoning: a poisoned lock only means another worker
/// panicked, and the scope re-raises that panic anyway.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `f` on every task with up to `workers` threads; results in task
/// order.
pub fn run_tasks<T: Send, R: Send>(
    tasks: Vec<T>,
    workers: usize,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let done: Result<Vec<R>, std::convert::Infallible> =
        try_run_tasks(tasks, workers, || (), |task, _| Ok(f(task)));
    match done {
        Ok(results) => results,
        Err(never) => match never {},
    }
}

/// Runs `f` on every task with up to `workers` threads, each worker with
/// its own scratch state from `scratch` (a buffer reused across its tasks);
/// results in task order.
///
/// After a task fails no new task is started, and the error returned is
/// that of the first failing task in task order, whatever the threads:
/// tasks are started in order and a started task always finishes, so
/// every task before it has run.
///
/// ```
/// use cartelera_det::par::try_run_tasks;
/// let r = try_run_tasks((0..10).collect(), 2, Vec::new, |j, buf: &mut Vec<u8>| {
///     buf.push(j);
///     if j == 4 { Err(j) } else { Ok(j * 2) }
/// });
/// assert_eq!(r, Err(4));
/// ```
pub fn try_run_tasks<T, S, R, E>(
    tasks: Vec<T>,
    workers: usize,
    scratch: impl Fn() -> S + Sync,
    f: impl Fn(T, &mut S) -> Result<R, E> + Sync,
) -> Result<Vec<R>, E>
where
    T: Send,
    R: Send,
    E: Send,
{
    let n = tasks.len();
    let workers = if cfg!(target_arch = "wasm32") {
        1
    } else {
        workers.clamp(1, n.max(1))
    };
    let queue = Mutex::new(tasks.into_iter().enumerate());
    let stop = AtomicBool::new(false);
    // One worker's share: (task index, result) pairs and its first error.
    type Share<R, E> = (Vec<(usize, R)>, Option<(usize, E)>);
    let worker = || -> Share<R, E> {
        let mut state = scratch();
        let mut done = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let next = lock(&queue).next();
            let Some((j, task)) = next else { break };
            match f(task, &mut state) {
                Ok(r) => done.push((j, r)),
                Err(e) => {
                    stop.store(true, Ordering::Relaxed);
                    return (done, Some((j, e)));
                }
            }
        }
        (done, None)
    };
    let shares: Vec<Share<R, E>> = if workers == 1 {
        vec![worker()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (1..workers).map(|_| scope.spawn(worker)).collect();
            let mut shares = vec![worker()];
            for h in handles {
                shares.push(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
            shares
        })
    };
    let mut out: Vec<Option<R>> = (0..n).map(|_| None).collect();
    let mut first_error: Option<(usize, E)> = None;
    for (done, error) in shares {
        for (j, r) in done {
            out[j] = Some(r);
        }
        if let Some((j, e)) = error {
            if first_error.as_ref().is_none_or(|(k, _)| j < *k) {
                first_error = Some((j, e));
            }
        }
    }
    match first_error {
        Some((_, e)) => Err(e),
        None => Ok(out.into_iter().flatten().collect()),
    }
}

/// Splits `data` into consecutive row ranges given by `bounds` (rows of
/// `width` values). The pieces are disjoint `&mut` borrows, which is what
/// lets threads update different blocks without unsafe code.
///
/// Panics if `bounds` is not increasing or reaches past `data`; callers
/// build `bounds` from `data`'s own layout.
pub fn split_rows<'a, T>(
    mut data: &'a mut [T],
    bounds: &[usize],
    width: usize,
) -> Vec<&'a mut [T]> {
    let mut out = Vec::with_capacity(bounds.len().saturating_sub(1));
    for w in bounds.windows(2) {
        let (head, tail) = std::mem::take(&mut data).split_at_mut((w[1] - w[0]) * width);
        out.push(head);
        data = tail;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_in_task_order_whatever_the_workers() {
        let tasks: Vec<u64> = (0..100).collect();
        let one = run_tasks(tasks.clone(), 1, |x| x * x);
        let four = run_tasks(tasks, 4, |x| x * x);
        assert_eq!(one, four);
        assert_eq!(one[7], 49);
        assert!(run_tasks(Vec::<u8>::new(), 4, |x| x).is_empty());
    }

    #[test]
    fn split_rows_makes_disjoint_pieces() {
        let mut v: Vec<u32> = (0..10).collect();
        let parts = split_rows(&mut v, &[0, 1, 1, 5], 2);
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            vec![2, 0, 8]
        );
        assert_eq!(parts[2][0], 2);
    }

    #[test]
    fn all_tasks_run_and_errors_surface() {
        let mut out = vec![0u32; 100];
        let tasks: Vec<(usize, &mut [u32])> = out.chunks_mut(7).enumerate().collect();
        let r: Result<Vec<()>, ()> = try_run_tasks(
            tasks,
            3,
            || (),
            |(k, s), _| {
                s.iter_mut().for_each(|x| *x = k as u32 + 1);
                Ok(())
            },
        );
        assert_eq!(r.map(|v| v.len()), Ok(15));
        assert!(out.iter().all(|&x| x > 0));
        let r = try_run_tasks(
            (0..10).collect(),
            2,
            || (),
            |j, _| if j == 4 { Err(j) } else { Ok(()) },
        );
        assert_eq!(r, Err(4));
    }

    #[test]
    fn the_earliest_failure_is_reported() {
        for workers in [1, 2, 4] {
            let r = try_run_tasks(
                (0..50).collect(),
                workers,
                || (),
                |j, _| if j % 10 == 3 { Err(j) } else { Ok(j) },
            );
            assert_eq!(r, Err(3), "{workers} workers");
        }
    }

    #[test]
    fn each_worker_reuses_its_scratch() {
        // The buffer's length counts the tasks its worker ran so far: one
        // worker sees 1..=20; three workers start at most three buffers
        // (a buffer per task would give twenty ones).
        let lengths = |workers| {
            try_run_tasks(
                (0..20).collect(),
                workers,
                Vec::new,
                |j: u32, buf: &mut Vec<u32>| {
                    buf.push(j);
                    Ok::<_, ()>(buf.len())
                },
            )
            .unwrap()
        };
        assert_eq!(lengths(1), (1..=20).collect::<Vec<_>>());
        let three = lengths(3);
        assert_eq!(three.len(), 20);
        assert!((1..=3).contains(&three.iter().filter(|&&n| n == 1).count()));
    }
}
