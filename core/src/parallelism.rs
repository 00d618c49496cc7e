//! Whether the file engine and the hashcash solver may use other threads.

/// Where the file engine ([`crate::file::FileEncryptor`], [`crate::file::FileDecryptor`],
/// [`crate::file::ChunkCipher`]) and the hashcash solver run their work.
///
/// The setting exists with or without the crate's `parallel` feature, so code can ask for threads
/// unconditionally: without the feature, [`Parallelism::ThreadPool`] runs on the calling thread
/// (same bytes, one core). The output never depends on the setting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Parallelism {
    /// Everything on the calling thread (the default).
    #[default]
    CallingThread,
    /// Independent work (chunks of at least 1 MiB per thread, hashcash nonces) on rayon's global
    /// thread pool when the crate is built with the `parallel` feature; the calling thread
    /// otherwise.
    ThreadPool,
}

impl Parallelism {
    /// Whether this setting uses other threads in this build (`ThreadPool` with the `parallel`
    /// feature).
    pub const fn uses_threads(self) -> bool {
        cfg!(feature = "parallel") && matches!(self, Parallelism::ThreadPool)
    }
}

#[cfg(test)]
mod tests {
    use super::Parallelism;

    #[test]
    fn thread_pool_uses_threads_only_with_the_feature() {
        assert!(!Parallelism::CallingThread.uses_threads());
        assert_eq!(
            Parallelism::ThreadPool.uses_threads(),
            cfg!(feature = "parallel")
        );
        assert_eq!(Parallelism::default(), Parallelism::CallingThread);
    }
}
