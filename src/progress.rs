//! The progress bar of `extract` runs: files done, throughput and ETA on stderr,
//! drawn by indicatif with the `cli` feature; without it, a bar that draws
//! nothing (library users get no terminal output and no indicatif).

use crate::discover::Source;

/// A bar for runs of 20 files or more; hidden when stderr is not a terminal or
/// `show` is false.
#[cfg(feature = "cli")]
pub fn bar(show: bool, sources: &[Source]) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    if !show || sources.len() < 20 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(
        Some(sources.len() as u64),
        ProgressDrawTarget::stderr_with_hz(4),
    );
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} files  {rate}  ETA {eta}")
    {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&files_per_second(state.per_sec()));
            },
        ));
    }
    bar
}

/// Without the `cli` feature: nothing is drawn.
#[cfg(not(feature = "cli"))]
pub fn bar(_show: bool, _sources: &[Source]) -> Hidden {
    Hidden
}

/// The bar drawn without the `cli` feature: none.
#[cfg(not(feature = "cli"))]
pub struct Hidden;

#[cfg(not(feature = "cli"))]
impl Hidden {
    /// One more file done.
    pub fn inc(&self, _n: u64) {}

    /// The run is over.
    pub fn finish_and_clear(&self) {}
}

/// The progress bar's rate, rounded as a person reads it: `2324 files/s`,
/// `3.5 files/s` below ten.
#[cfg(feature = "cli")]
fn files_per_second(rate: f64) -> String {
    if !rate.is_finite() || rate <= 0.0 {
        "- files/s".to_string()
    } else if rate < 10.0 {
        format!("{rate:.1} files/s")
    } else {
        format!("{rate:.0} files/s")
    }
}

#[cfg(all(test, feature = "cli"))]
mod tests {
    use super::*;

    #[test]
    fn the_progress_rate_is_rounded() {
        assert_eq!(files_per_second(2324.4966), "2324 files/s");
        assert_eq!(files_per_second(3.4966), "3.5 files/s");
        assert_eq!(files_per_second(f64::NAN), "- files/s");
    }
}
