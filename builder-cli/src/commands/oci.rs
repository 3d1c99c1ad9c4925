//! `plumb oci assemble ROOTFS -o LAYOUT`: plumb-oci's deterministic assembly of a directory
//! or tar archive, with the layering, compression and platform from the command line, and
//! what was written printed as text or JSON.

use crate::cli::{OciArgs, OciAssembleArgs, OciCommand, OciFormat};
use anyhow::{Context as _, Result, bail};
use plumb_oci::{
    ApiFilesystems, AssembledImage, Compression, Layering, Options, PackageGrouping, PathPattern,
    PathRule, Platform, Source, assemble,
};
use serde_json::json;
use std::process::ExitCode;

pub fn run(arguments: &OciArgs) -> Result<ExitCode> {
    match &arguments.command {
        OciCommand::Assemble(options) => run_assemble(options),
    }
}

fn run_assemble(arguments: &OciAssembleArgs) -> Result<ExitCode> {
    let rootfs = &arguments.rootfs;
    let metadata = std::fs::metadata(rootfs)
        .with_context(|| format!("cannot read the root filesystem {}", rootfs.display()))?;
    let source = if metadata.is_dir() {
        Source::Directory(rootfs.clone())
    } else {
        Source::Archive(rootfs.clone())
    };
    let mut options = Options::new(source_date_epoch(arguments)?, platform(arguments));
    options.compression = if arguments.uncompressed {
        Compression::Uncompressed
    } else {
        Compression::Gzip {
            level: arguments.gzip_level,
        }
    };
    options.layering = layering(arguments)?;
    if arguments.skip_api_contents {
        options.api_filesystems = ApiFilesystems::SkipContents;
    }
    options.image.created_by = "plumb oci assemble".to_owned();
    let image = assemble(&source, &arguments.output, &options)?;
    match arguments.format {
        OciFormat::Text => print!("{}", text(&image)),
        OciFormat::Json => println!("{:#}", report(&image)),
    }
    Ok(ExitCode::SUCCESS)
}

/// The option, else `SOURCE_DATE_EPOCH` from the environment, else 0.
fn source_date_epoch(arguments: &OciAssembleArgs) -> Result<u64> {
    if let Some(epoch) = arguments.source_date_epoch {
        return Ok(epoch);
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) if !text.is_empty() => text
            .parse()
            .with_context(|| format!("SOURCE_DATE_EPOCH={text} is no number of seconds")),
        _ => Ok(0),
    }
}

/// The `--platform` given, or linux on this machine's architecture by OCI's names.
fn platform(arguments: &OciAssembleArgs) -> Platform {
    match &arguments.platform {
        Some(given) => Platform {
            architecture: given.architecture.clone(),
            os: given.os.clone(),
            variant: (!given.variant.is_empty()).then(|| given.variant.clone()),
        },
        None => Platform::linux(match std::env::consts::ARCH {
            "x86_64" => "amd64",
            "aarch64" => "arm64",
            "x86" => "386",
            "powerpc64" => "ppc64le",
            other => other,
        }),
    }
}

fn layering(arguments: &OciAssembleArgs) -> Result<Layering> {
    if let Some(layers) = arguments.dpkg_layers {
        return Ok(Layering::DpkgPackages(PackageGrouping::Layers(layers)));
    }
    if arguments.layer.is_empty() {
        return Ok(Layering::Single);
    }
    let rules = arguments
        .layer
        .iter()
        .map(|text| {
            let Some((name, patterns)) = text.split_once('=') else {
                bail!("--layer {text}: NAME=PATTERN[,PATTERN...]");
            };
            let patterns = patterns
                .split(',')
                .map(PathPattern::new)
                .collect::<Result<_, _>>()
                .with_context(|| format!("--layer {text}"))?;
            Ok(PathRule {
                layer: name.to_owned(),
                patterns,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Layering::PathRules(rules))
}

fn text(image: &AssembledImage) -> String {
    let mut text = format!(
        "manifest {} ({} bytes)\nconfig   {} ({} bytes)\ncompressor {}\n",
        image.manifest_digest,
        image.manifest_size,
        image.config_digest,
        image.config_size,
        image.compressor
    );
    for (index, layer) in image.layers.iter().enumerate() {
        text.push_str(&format!(
            "layer {index}: {} ({} entries, {} bytes, {} uncompressed)\n  digest  {}\n  diff_id {}\n",
            layer.name,
            layer.entries,
            layer.size,
            layer.uncompressed_size,
            layer.digest,
            layer.diff_id
        ));
    }
    text
}

fn report(image: &AssembledImage) -> serde_json::Value {
    json!({
        "manifest": { "digest": image.manifest_digest.to_string(), "size": image.manifest_size },
        "config": { "digest": image.config_digest.to_string(), "size": image.config_size },
        "compressor": image.compressor.to_string(),
        "layers": image.layers.iter().map(|layer| json!({
            "name": layer.name,
            "digest": layer.digest.to_string(),
            "size": layer.size,
            "diff_id": layer.diff_id.to_string(),
            "uncompressed_size": layer.uncompressed_size,
            "entries": layer.entries,
            "packages": layer.packages.iter().map(|package| json!({
                "name": package.name,
                "architecture": package.architecture,
                "version": package.version,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
