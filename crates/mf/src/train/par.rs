//! Minimal scoped-thread task runner (std only).
//!
//! Tasks are independent; workers pull them from a shared counter in the
//! given order, and results come back in task order. Which thread ran which
//! task therefore never shows in the output: the caller's results are
//! deterministic whatever the scheduling. With one worker, or on wasm32
//! (no threads), tasks run inline in order.

/// Run `f` on every task with up to `workers` threads; results in task order.
pub(crate) fn run_tasks<T: Send, R: Send>(
    tasks: Vec<T>,
    workers: usize,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    if workers <= 1 || tasks.len() <= 1 || cfg!(target_arch = "wasm32") {
        return tasks.into_iter().map(f).collect();
    }
    threaded(tasks, workers, f)
}

#[cfg(not(target_arch = "wasm32"))]
fn threaded<T: Send, R: Send>(tasks: Vec<T>, workers: usize, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let n = tasks.len();
    let queue: Vec<Mutex<Option<T>>> = tasks.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    let (queue, next, f) = (&queue, &next, &f);
    let mut out: Vec<Option<R>> = (0..n).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers.min(n))
            .map(|_| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let j = next.fetch_add(1, Ordering::Relaxed);
                        let Some(slot) = queue.get(j) else { break };
                        // Each slot is taken exactly once (j is unique), so the
                        // lock is never contended; it only moves `T` across.
                        let task = slot.lock().ok().and_then(|mut g| g.take());
                        if let Some(t) = task {
                            done.push((j, f(t)));
                        }
                    }
                    done
                })
            })
            .collect();
        for h in handles {
            let done = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            for (j, r) in done {
                out[j] = Some(r);
            }
        }
    });
    out.into_iter().flatten().collect()
}

#[cfg(target_arch = "wasm32")]
fn threaded<T: Send, R: Send>(tasks: Vec<T>, _workers: usize, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    tasks.into_iter().map(f).collect()
}

/// Split `data` into consecutive row ranges given by `bounds` (rows of
/// `width` values). The pieces are disjoint `&mut` borrows, which is what
/// lets threads update different blocks without unsafe code.
pub(crate) fn split_rows<'a, T>(
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
}
