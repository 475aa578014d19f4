//! The job pool: running independent jobs (index fetches, downloads, unpacking) on a bounded
//! number of threads, as `-j`/`--jobs` allows.

/// Runs `f` on every item with at most `workers` threads, returning the results in the items'
/// order.
pub fn parallel_map<T: Send, R: Send>(
    items: Vec<T>,
    workers: usize,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let count = items.len();
    if count <= 1 || workers <= 1 {
        return items.into_iter().map(f).collect();
    }
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let results: std::sync::Mutex<Vec<Option<R>>> =
        std::sync::Mutex::new((0..count).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers.min(count) {
            scope.spawn(|| loop {
                let next = queue.lock().expect("the queue is never poisoned").next();
                let Some((i, item)) = next else { break };
                let r = f(item);
                results.lock().expect("the results are never poisoned")[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .expect("the results are never poisoned")
        .into_iter()
        .map(|r| r.expect("every item ran"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parallel_map;

    #[test]
    fn results_keep_the_items_order_whatever_the_worker_count() {
        for workers in [0, 1, 2, 7] {
            let out = parallel_map((0..20).collect(), workers, |i: u32| i * 10);
            assert_eq!(
                out,
                (0..20).map(|i| i * 10).collect::<Vec<_>>(),
                "{workers} workers"
            );
        }
        assert!(parallel_map(Vec::<u32>::new(), 4, |i| i).is_empty());
    }
}
