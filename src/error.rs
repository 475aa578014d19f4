//! What every layer's errors share: the [`Hint`] trait, the errors the commands raise
//! themselves ([`UsageError`], [`HintedError`] through [`hinted`]) and the [`ExitStatus`].
//!
//! A leaf: this module uses no other module of the crate, so every layer may use it. The
//! edge that prints errors and picks the exit code is [`crate::render`].

/// Process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: the command did what was asked.
    Success,
    /// 1: the command failed (bad input, network, checksum, conflict…).
    Failure,
    /// 2: the command line itself was wrong.
    Usage,
    /// 3: no combination of plugin versions satisfies the requirements.
    NoSolution,
    /// 4: `[policy]` of plugins.toml refuses a version that is needed.
    Policy,
}

impl ExitStatus {
    /// The numeric code.
    pub fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::Failure => 1,
            Self::Usage => 2,
            Self::NoSolution => 3,
            Self::Policy => 4,
        }
    }
}

/// A command-line mistake found after parsing (exit code 2), with a hint.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UsageError {
    /// What is wrong.
    pub message: String,
    /// What to type instead.
    pub hint: Option<String>,
}

/// An error with a hint attached, for failures found in the commands themselves.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct HintedError {
    /// What is wrong.
    pub message: String,
    /// What to do next.
    pub hint: String,
}

/// Returns a [`HintedError`] as an `anyhow::Error`.
pub fn hinted(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    HintedError {
        message: message.into(),
        hint: hint.into(),
    }
    .into()
}

/// What a typed error tells the renderer ([`crate::render`]) beyond its message. Every error
/// type of the crate implements it (a unit test of [`crate::render`] checks that each one
/// deriving `thiserror::Error` does and is on the renderer's list); the defaults say nothing.
pub trait Hint {
    /// What the user can do about it, printed as `hint:` lines (one per line of the text)
    /// and as `error.hint` in the JSON error document. `None`: nothing to add; the renderer
    /// then asks the next error of the chain (the outermost hint wins).
    fn hint(&self) -> Option<String> {
        None
    }

    /// The exit status this error stands for (see docs/exit-codes.md); `None`: a plain
    /// failure (1) as far as this error knows. A [`ExitStatus::Usage`] anywhere in the chain
    /// wins, else the outermost status named.
    fn exit_status(&self) -> Option<ExitStatus> {
        None
    }
}

impl Hint for UsageError {
    fn hint(&self) -> Option<String> {
        self.hint.clone()
    }

    fn exit_status(&self) -> Option<ExitStatus> {
        Some(ExitStatus::Usage)
    }
}

impl Hint for HintedError {
    fn hint(&self) -> Option<String> {
        Some(self.hint.clone())
    }
}

/// `e`'s message followed by each of its causes (`std::error::Error::source`), joined with
/// `": "`, as one line.
pub fn with_causes(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        message.push_str(": ");
        message.push_str(&c.to_string());
        cause = c.source();
    }
    message
}
