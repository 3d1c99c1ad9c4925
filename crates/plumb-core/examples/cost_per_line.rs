//! Times the core alone (`plumb_core::analyze`, no process start, no rendering) on a
//! realistic mix: the stages of tests/fixtures/realistic/node-multistage.Dockerfile repeated
//! with their own names, at 2,000 lines and at ten times that. Prints the timings; asserts
//! nothing.
//!
//!     cargo run --release -p plumb-core --example cost_per_line

use plumb_core::{FileKind, Workspace, analyze};
use std::time::{Duration, Instant};

const STAGES: &str = "FROM node:${NODE_VERSION}-bookworm AS deps_N
WORKDIR /app
RUN apt-get update && apt-get install -y python3 make g++
COPY package.json ./
RUN npm install

FROM node:${NODE_VERSION}-bookworm AS build_N
WORKDIR /app
COPY --from=deps_N /app/node_modules ./node_modules
COPY . .
RUN npm run build && tar -czf /tmp/dist.tgz dist

FROM node:${NODE_VERSION}-bookworm-slim AS app_N
ENV NODE_ENV=production
RUN apt-get update
RUN apt-get install -y curl ca-certificates
RUN curl -fsSL https://example.com/install-agent.sh | sh
RUN useradd app
WORKDIR /app
COPY --from=build_N --chown=app:app /app/dist ./dist
COPY --from=deps_N /app/node_modules ./node_modules
ADD https://example.com/config/defaults.json /app/config/defaults.json
USER app
EXPOSE 3000
CMD node dist/server.js

";

/// At least `lines` lines of the mix.
fn mix(lines: usize) -> String {
    let mut text = String::from("# syntax=docker/dockerfile:1\nARG NODE_VERSION=22\n\n");
    let mut copy = 0;
    while text.lines().count() < lines {
        text.push_str(&STAGES.replace("_N", &format!("_{copy}")));
        copy += 1;
    }
    text
}

/// The median of `runs` analyses of `text`, and the number of findings.
fn time(text: &str, runs: usize) -> (Duration, usize) {
    let mut workspace = Workspace::new();
    workspace.add_file("Dockerfile", FileKind::Dockerfile, text.as_bytes().to_vec());
    let mut times = Vec::with_capacity(runs);
    let mut findings = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let analysis = analyze(&workspace);
        times.push(start.elapsed());
        findings = analysis.diagnostics.len();
    }
    times.sort();
    (times[runs / 2], findings)
}

fn main() {
    println!("| lines | findings | median ms | µs per line |");
    println!("|---:|---:|---:|---:|");
    for (lines, runs) in [(2_000, 51), (20_000, 11)] {
        let text = mix(lines);
        let lines = text.lines().count();
        let (median, findings) = time(&text, runs);
        let ms = median.as_secs_f64() * 1000.0;
        println!(
            "| {lines} | {findings} | {ms:.2} | {:.2} |",
            ms * 1000.0 / lines as f64
        );
    }
}
