//! The integration tests, as one test binary (`cargo test --test integration`):
//! one module per feature, sharing the helpers of `util`. Each module runs the
//! built `gazette` binary or the library as a user would; none tests a private
//! function (unit tests live beside their code in src/).

mod util;

mod aliases;
mod bad_inputs;
mod cli;
mod files;
mod geonames;
mod groups;
mod library;
mod merge;
mod offsets;
mod output;
mod properties;
mod quality;
mod report;
mod spark;
