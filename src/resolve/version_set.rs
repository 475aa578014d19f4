//! Version requirements as sets of versions: the one place where cargo-style requirements
//! ([`semver::VersionReq`]) become the version sets the PubGrub resolver works with.
//!
//! The semantics are cargo's
//! (<https://doc.rust-lang.org/cargo/reference/specifying-dependencies.html>), over versions
//! ordered as Semantic Versioning 2.0.0 says (<https://semver.org/#spec-item-11>):
//!
//! | requirement | versions |
//! |---|---|
//! | `^1.2.3`, `1.2.3` | `>=1.2.3, <2.0.0` |
//! | `^0.2.3` | `>=0.2.3, <0.3.0` |
//! | `^0.0.3` | `>=0.0.3, <0.0.4` |
//! | `~1.2.3` | `>=1.2.3, <1.3.0` |
//! | `1.*`, `1.2.*` | `>=1.0.0, <2.0.0`, `>=1.2.0, <1.3.0` |
//! | `=1.2`, `>1.2`, `<=1.2` | `>=1.2.0, <1.3.0`, `>=1.3.0`, `<1.3.0` |
//! | `>=1, <3` | both |
//!
//! A pre-release such as `2.0.0-rc.1` is matched only when some comparator of the requirement
//! names a pre-release of the same `major.minor.patch` (cargo's rule): `>=2.0.0-rc.1` matches
//! `2.0.0-rc.2` and `2.1.0` but not `2.1.0-alpha`. An interval of ordered versions cannot say
//! that, so a [`VersionSet`] keeps two: the releases it holds, and the pre-releases it holds.
//! Both halves are closed under complement and intersection, so PubGrub's algebra stays exact.

use std::fmt;

use pubgrub::Ranges;
use semver::{Comparator, Op, Prerelease, Version, VersionReq};

/// A set of versions: the releases in `releases` and the pre-releases in `prereleases`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VersionSet {
    releases: Ranges<Version>,
    prereleases: Ranges<Version>,
}

impl VersionSet {
    /// The versions `req` matches, by cargo's rules.
    pub fn from_req(req: &VersionReq) -> Self {
        let mut all = Ranges::full();
        for c in &req.comparators {
            all = all.intersection(&comparator_range(c));
        }
        // Pre-releases are matched only inside the windows [M.m.p-0, M.m.p) of comparators
        // that carry a pre-release.
        let mut windows = Ranges::empty();
        for c in req.comparators.iter().filter(|c| !c.pre.is_empty()) {
            let (major, minor, patch) = (c.major, c.minor.unwrap_or(0), c.patch.unwrap_or(0));
            let lowest = Version {
                pre: Prerelease::new("0").expect("`0` is a valid pre-release"),
                ..Version::new(major, minor, patch)
            };
            windows = windows.union(&Ranges::between(lowest, Version::new(major, minor, patch)));
        }
        Self {
            prereleases: all.intersection(&windows),
            releases: all,
        }
    }

    /// Every release, no pre-release: what `*` means.
    pub fn any_release() -> Self {
        Self {
            releases: Ranges::full(),
            prereleases: Ranges::empty(),
        }
    }

    /// Whether the set holds no version at all.
    pub fn is_empty(&self) -> bool {
        self.releases.is_empty() && self.prereleases.is_empty()
    }
}

fn is_pre(v: &Version) -> bool {
    !v.pre.is_empty()
}

/// The interval of versions one comparator accepts, ignoring the pre-release rule (applied by
/// [`VersionSet::from_req`]).
fn comparator_range(c: &Comparator) -> Ranges<Version> {
    let (major, minor, patch) = (c.major, c.minor, c.patch);
    let floor = Version {
        pre: c.pre.clone(),
        ..Version::new(major, minor.unwrap_or(0), patch.unwrap_or(0))
    };
    // The first release past the part that was written: `1` → 2.0.0, `1.2` → 1.3.0.
    let next_written = match (minor, patch) {
        (None, _) => Version::new(major + 1, 0, 0),
        (Some(mi), None) => Version::new(major, mi + 1, 0),
        (Some(mi), Some(pa)) => Version::new(major, mi, pa + 1),
    };
    let exact = || match (minor, patch) {
        (Some(_), Some(_)) => Ranges::singleton(floor.clone()),
        _ => Ranges::between(floor.clone(), next_written.clone()),
    };
    match c.op {
        Op::Exact => exact(),
        Op::Greater => match (minor, patch) {
            (Some(_), Some(_)) => Ranges::strictly_higher_than(floor.clone()),
            _ => Ranges::higher_than(next_written.clone()),
        },
        Op::GreaterEq => Ranges::higher_than(floor.clone()),
        Op::Less => Ranges::strictly_lower_than(floor.clone()),
        Op::LessEq => match (minor, patch) {
            (Some(_), Some(_)) => Ranges::lower_than(floor.clone()),
            _ => Ranges::strictly_lower_than(next_written.clone()),
        },
        Op::Tilde => {
            let ceiling = match minor {
                None => Version::new(major + 1, 0, 0),
                Some(mi) => Version::new(major, mi + 1, 0),
            };
            Ranges::between(floor.clone(), ceiling)
        }
        Op::Caret => {
            let ceiling = match (major, minor, patch) {
                (0, None, _) => Version::new(1, 0, 0),
                (0, Some(0), None) => Version::new(0, 1, 0),
                (0, Some(0), Some(pa)) => Version::new(0, 0, pa + 1),
                (0, Some(mi), _) => Version::new(0, mi + 1, 0),
                (ma, _, _) => Version::new(ma + 1, 0, 0),
            };
            Ranges::between(floor.clone(), ceiling)
        }
        // `1.*` and `1.2.*` (a bare `*` has no comparator at all).
        Op::Wildcard => Ranges::between(floor.clone(), next_written.clone()),
        // `semver::Op` is non-exhaustive; an operator added later matches nothing rather than
        // everything, so a new requirement can never widen what is installed.
        _ => Ranges::empty(),
    }
}

impl pubgrub::VersionSet for VersionSet {
    type V = Version;

    fn empty() -> Self {
        Self {
            releases: Ranges::empty(),
            prereleases: Ranges::empty(),
        }
    }

    fn singleton(v: Version) -> Self {
        if is_pre(&v) {
            Self {
                releases: Ranges::empty(),
                prereleases: Ranges::singleton(v),
            }
        } else {
            Self {
                releases: Ranges::singleton(v),
                prereleases: Ranges::empty(),
            }
        }
    }

    fn complement(&self) -> Self {
        Self {
            releases: self.releases.complement(),
            prereleases: self.prereleases.complement(),
        }
    }

    fn intersection(&self, other: &Self) -> Self {
        Self {
            releases: self.releases.intersection(&other.releases),
            prereleases: self.prereleases.intersection(&other.prereleases),
        }
    }

    fn contains(&self, v: &Version) -> bool {
        if is_pre(v) {
            self.prereleases.contains(v)
        } else {
            self.releases.contains(v)
        }
    }

    fn full() -> Self {
        Self {
            releases: Ranges::full(),
            prereleases: Ranges::full(),
        }
    }

    fn union(&self, other: &Self) -> Self {
        Self {
            releases: self.releases.union(&other.releases),
            prereleases: self.prereleases.union(&other.prereleases),
        }
    }

    fn is_disjoint(&self, other: &Self) -> bool {
        self.releases.is_disjoint(&other.releases)
            && self.prereleases.is_disjoint(&other.prereleases)
    }

    fn subset_of(&self, other: &Self) -> bool {
        self.releases.subset_of(&other.releases) && self.prereleases.subset_of(&other.prereleases)
    }
}

impl fmt::Display for VersionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.prereleases.is_empty() || self.prereleases == self.releases {
            write!(f, "{}", self.releases)
        } else if self.releases.is_empty() {
            write!(f, "{} (pre-releases)", self.prereleases)
        } else {
            write!(
                f,
                "{} (or the pre-releases {})",
                self.releases, self.prereleases
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pubgrub::VersionSet as _;

    fn set(req: &str) -> VersionSet {
        VersionSet::from_req(&VersionReq::parse(req).unwrap())
    }

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    /// Examples from cargo's "Specifying Dependencies" chapter: each requirement with versions
    /// it must and must not match.
    #[test]
    fn cargo_documented_examples() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            // Caret.
            ("^1.2.3", &["1.2.3", "1.9.9"], &["1.2.2", "2.0.0"]),
            ("^1.2", &["1.2.0", "1.9.0"], &["1.1.9", "2.0.0"]),
            ("^1", &["1.0.0", "1.99.0"], &["0.9.9", "2.0.0"]),
            ("^0.2.3", &["0.2.3", "0.2.99"], &["0.2.2", "0.3.0"]),
            ("^0.2", &["0.2.0", "0.2.9"], &["0.3.0"]),
            ("^0.0.3", &["0.0.3"], &["0.0.2", "0.0.4"]),
            ("^0.0", &["0.0.0", "0.0.9"], &["0.1.0"]),
            ("^0", &["0.0.0", "0.9.9"], &["1.0.0"]),
            ("1.2.3", &["1.2.3", "1.5.0"], &["2.0.0"]),
            // Tilde.
            ("~1.2.3", &["1.2.3", "1.2.9"], &["1.3.0", "1.2.2"]),
            ("~1.2", &["1.2.0", "1.2.9"], &["1.3.0"]),
            ("~1", &["1.0.0", "1.9.9"], &["2.0.0"]),
            // Wildcard.
            ("*", &["0.0.0", "9.9.9"], &[]),
            ("1.*", &["1.0.0", "1.9.9"], &["2.0.0", "0.9.0"]),
            ("1.2.*", &["1.2.0", "1.2.9"], &["1.3.0"]),
            // Comparison.
            (">= 1.2.0", &["1.2.0", "5.0.0"], &["1.1.9"]),
            ("> 1", &["2.0.0"], &["1.9.9"]),
            ("> 1.2", &["1.3.0"], &["1.2.9"]),
            ("> 1.2.3", &["1.2.4"], &["1.2.3"]),
            ("< 2", &["1.9.9"], &["2.0.0"]),
            ("<= 1.2", &["1.2.9"], &["1.3.0"]),
            ("<= 1.2.3", &["1.2.3"], &["1.2.4"]),
            ("= 1.2.3", &["1.2.3"], &["1.2.4", "1.2.2"]),
            ("=1.2", &["1.2.0", "1.2.7"], &["1.3.0"]),
            // Several requirements.
            (">= 1.2, < 1.5", &["1.2.0", "1.4.9"], &["1.5.0", "1.1.0"]),
        ];
        for (req, yes, no) in cases {
            let s = set(req);
            for ok in *yes {
                assert!(s.contains(&v(ok)), "`{req}` must match {ok} (set {s})");
            }
            for bad in *no {
                assert!(
                    !s.contains(&v(bad)),
                    "`{req}` must not match {bad} (set {s})"
                );
            }
        }
    }

    /// Pre-releases, after semver.org's precedence example
    /// (1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 <
    /// 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0) and cargo's pre-release rule.
    #[test]
    fn prereleases() {
        let s = set(">=1.0.0-alpha.1");
        for ok in [
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.5.0",
        ] {
            assert!(s.contains(&v(ok)), "{ok}");
        }
        for bad in ["1.0.0-alpha", "1.5.0-beta", "2.0.0-rc.1"] {
            assert!(!s.contains(&v(bad)), "{bad}");
        }
        // No comparator names a pre-release: none matches.
        for req in ["^1", "*", ">=0.1", "<2.0.0"] {
            assert!(!set(req).contains(&v("1.5.0-beta")), "{req}");
            assert!(!set(req).contains(&v("2.0.0-alpha")), "{req}");
        }
        assert!(set("=2.0.0-rc.1").contains(&v("2.0.0-rc.1")));
        assert!(!set("=2.0.0-rc.1").contains(&v("2.0.0-rc.2")));
        assert!(set("^2.0.0-rc.1").contains(&v("2.0.0-rc.2")));
        assert!(set("^2.0.0-rc.1").contains(&v("2.3.0")));
        assert!(!set("^2.0.0-rc.1").contains(&v("2.3.0-rc.1")));
        assert!(!set("^2.0.0-rc.1").contains(&v("3.0.0-rc.1")));
        assert!(set("~0.3.0-beta").contains(&v("0.3.0-beta.2")));
    }

    /// The translation agrees with `semver::VersionReq::matches` (cargo's own implementation)
    /// on every pair of a large grid of requirements and versions.
    #[test]
    fn agrees_with_semver_matches() {
        let mut versions = Vec::new();
        for major in 0..3u64 {
            for minor in 0..3u64 {
                for patch in 0..3u64 {
                    versions.push(Version::new(major, minor, patch));
                    for pre in ["0", "alpha", "alpha.1", "beta.2", "rc.1"] {
                        let mut pv = Version::new(major, minor, patch);
                        pv.pre = Prerelease::new(pre).unwrap();
                        versions.push(pv);
                    }
                }
            }
        }
        let mut reqs: Vec<String> = vec!["*".into()];
        let ops = ["", "^", "~", "=", ">", ">=", "<", "<="];
        let targets = [
            "0",
            "1",
            "0.0",
            "0.1",
            "1.1",
            "2.0",
            "0.0.1",
            "0.1.2",
            "1.0.0",
            "1.1.1",
            "2.2.2",
            "1.1.1-alpha",
            "1.1.0-beta.2",
            "0.0.1-rc.1",
            "2.0.0-0",
        ];
        for op in ops {
            for t in targets {
                reqs.push(format!("{op}{t}"));
            }
        }
        for w in ["1.*", "0.*", "1.1.*", "0.0.*"] {
            reqs.push(w.into());
        }
        reqs.extend(
            [
                ">=1.0.0, <2.0.0",
                ">=0.1.0-alpha, <0.2",
                ">1.1.1-alpha, <=2",
                "^1.1, ~1.1.1",
            ]
            .map(String::from),
        );
        let mut checked = 0;
        for r in &reqs {
            let req = VersionReq::parse(r).unwrap();
            let s = VersionSet::from_req(&req);
            for ver in &versions {
                assert_eq!(
                    s.contains(ver),
                    req.matches(ver),
                    "requirement `{r}` and version {ver} (set {s})"
                );
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn algebra_keeps_the_two_halves_apart() {
        let caret = set("^1.0.0-beta");
        let not_caret = caret.complement();
        let pre = v("1.0.0-rc.1");
        assert!(caret.contains(&pre) && !not_caret.contains(&pre));
        assert!(not_caret.contains(&v("1.1.0-rc.1")));
        assert!(caret.intersection(&not_caret).is_empty());
        assert!(caret.union(&not_caret) == VersionSet::full());
        assert_eq!(
            VersionSet::singleton(pre.clone()).to_string(),
            "1.0.0-rc.1 (pre-releases)"
        );
        assert_eq!(set("^1.2").to_string(), ">=1.2.0, <2.0.0");
        assert!(set("^1").subset_of(&VersionSet::any_release()));
    }
}
