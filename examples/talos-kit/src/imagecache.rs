//! `talos-kit imagecache …`: the air-gapped image cache without talosctl or Docker.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use talos_imagecache::create::{CreateOptions, Platforms, Progress, create};
use talos_imagecache::default_images::{Overrides, default_images};
use talos_imagecache::lookup::Roots;
use talos_imagecache::pack::{PackOptions, pack, unpack};
use talos_imagecache::serve::{ServeOptions, Server};
use talos_imagecache::{ImageRef, RegistryOptions, Source, layouts_or_registries, verify};

/// Image cache commands.
#[derive(Subcommand)]
pub enum ImageCacheCommand {
    /// Build a cache (`talosctl images cache-create`): from registries, or from local OCI
    /// image layouts with `--from-layout`. Every blob is digest-checked before it is kept;
    /// rerunning into the same directory resumes.
    Create {
        /// The cache directory (`--image-cache-path`).
        #[arg(long = "image-cache-path", value_name = "DIR")]
        dest: PathBuf,
        /// Images, comma-separated or repeated; `-` reads one per line from standard input.
        #[arg(long, required = true, value_delimiter = ',')]
        images: Vec<String>,
        /// `os/arch[/variant]`, comma-separated or repeated, or `all`.
        #[arg(long, default_value = "linux/amd64", value_delimiter = ',')]
        platform: Vec<String>,
        /// Take images from this OCI image layout (annotated with full references), or from
        /// `REPOSITORY=DIR` (a layout of one repository, annotated with tags); repeatable.
        #[arg(long = "from-layout", value_name = "[REPO=]DIR")]
        layouts: Vec<String>,
        /// `flat` (what registryd serves) or `oci` (the wrapper the imager takes).
        #[arg(long, value_enum, default_value_t = Layout::Oci)]
        layout: Layout,
        /// Architectures listed in the OCI wrapper's index.json (with `--layout oci`).
        #[arg(long = "arch", value_delimiter = ',', default_values_t = ["amd64".to_owned(), "arm64".to_owned()])]
        architectures: Vec<String>,
        /// Do not look for cosign signatures.
        #[arg(long)]
        no_cosign_signatures: bool,
        /// Downloads at once.
        #[arg(long, default_value_t = 4)]
        jobs: usize,
        /// Hard-link blobs from `--from-layout` layouts on the same file system instead of
        /// copying them (still digest-checked): faster and no second copy on disk, but the
        /// flat cache then shares those files with the layouts. Others are copied. With
        /// `--layout oci` this is always done: the flat tree is only a step there.
        #[arg(long)]
        link: bool,
        /// Delete the destination first (otherwise an existing cache is resumed).
        #[arg(long)]
        force: bool,
        /// Allow plain-HTTP and unverified-TLS registries.
        #[arg(long)]
        insecure: bool,
        /// Docker config file with registry credentials (default: $DOCKER_CONFIG/config.json
        /// or ~/.docker/config.json).
        #[arg(long)]
        docker_config: Option<PathBuf>,
        /// No progress lines.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Check a flat cache: every file hashes to its name, every tag resolves, every image's
    /// blobs are present with the right size. Exit 1 when anything is wrong.
    Verify {
        /// The flat cache directory.
        dir: PathBuf,
        /// Hashing threads (default: the number of CPUs).
        #[arg(long)]
        jobs: Option<usize>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Pack a flat cache into the OCI wrapper the imager takes (`--image-cache`).
    Pack {
        /// The flat cache directory.
        flat: PathBuf,
        /// The OCI layout to write (must not exist).
        output: PathBuf,
        /// Architectures listed in index.json.
        #[arg(long = "arch", value_delimiter = ',', default_values_t = ["amd64".to_owned(), "arm64".to_owned()])]
        architectures: Vec<String>,
    },
    /// Unpack the OCI wrapper back into a flat cache, as the imager does for one architecture.
    Unpack {
        /// The OCI layout.
        layout: PathBuf,
        /// The flat cache directory to create (must not exist).
        output: PathBuf,
        /// The architecture to take.
        #[arg(long, default_value = "amd64")]
        arch: String,
    },
    /// Serve flat caches read-only as Talos' registryd does (`talosctl images cache-serve`):
    /// point containerd mirrors at it. Runs until interrupted.
    Serve {
        /// Cache roots, in priority order (a file missing in one is looked up in the next).
        #[arg(required = true)]
        roots: Vec<PathBuf>,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:3172")]
        address: std::net::SocketAddr,
        /// Log one line per request to standard error.
        #[arg(long)]
        log: bool,
    },
    /// Print the Kubernetes images a Talos release pulls (`talosctl images default`, the
    /// `k8s-bundle`), one per line, ready for `create --images -`.
    DefaultImages {
        /// The Talos release (`1.9` … `1.14`, `v1.13.0`, …).
        #[arg(long, default_value = "1.14")]
        talos: String,
        /// Kubernetes version (1.13+).
        #[arg(long)]
        k8s_version: Option<String>,
        /// etcd version (1.13+).
        #[arg(long)]
        etcd_version: Option<String>,
        /// Flannel version (1.13+).
        #[arg(long)]
        flannel_version: Option<String>,
        /// CoreDNS version (1.13+).
        #[arg(long)]
        coredns_version: Option<String>,
        /// kube-network-policies version (1.13+).
        #[arg(long)]
        kube_network_policies_version: Option<String>,
    },
}

/// The output format of `create`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Layout {
    /// The bare tree.
    Flat,
    /// The tree packed into an OCI image layout.
    Oci,
}

/// Runs an image cache command.
pub fn run(command: ImageCacheCommand) -> Result<ExitCode> {
    match command {
        ImageCacheCommand::Create {
            dest,
            images,
            platform,
            layouts,
            layout,
            architectures,
            no_cosign_signatures,
            jobs,
            link,
            force,
            insecure,
            docker_config,
            quiet,
        } => {
            let images = read_images(&images)?;
            let mut options = CreateOptions::default();
            options.platforms = Platforms::parse(&platform.join(","))?;
            options.cosign_signatures = !no_cosign_signatures;
            options.jobs = jobs.max(1);
            // The OCI wrapper is packed from a flat tree that is removed afterwards:
            // nothing outlives the command sharing files with the layouts.
            options.link_local_blobs = link || layout == Layout::Oci;
            let source = open_source(&layouts, insecure, docker_config, options.jobs)?;
            let request = CreateRequest {
                dest: &dest,
                images: &images,
                options: &options,
                layout,
                architectures,
                force,
                quiet,
            };
            request.run(source.as_ref())
        }
        ImageCacheCommand::Verify { dir, jobs, json } => {
            let jobs =
                jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
            let report = verify(&dir, jobs)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                for problem in &report.problems {
                    println!("{}", serde_json::to_string(problem)?);
                }
                println!(
                    "{}: {} blobs, {} manifests, {} tags, {} bytes hashed; {} problems",
                    dir.display(),
                    report.blobs,
                    report.manifests,
                    report.tags,
                    report.bytes,
                    report.problems.len()
                );
            }
            Ok(if report.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        ImageCacheCommand::Pack {
            flat,
            output,
            architectures,
        } => {
            let mut options = PackOptions::default();
            options.architectures = architectures;
            let report = pack(&flat, &output, &options)?;
            println!(
                "{}: {} files, {} directories in one {}-byte layer; manifest {}",
                output.display(),
                report.files,
                report.directories,
                report.layer_size,
                report.manifest
            );
            Ok(ExitCode::SUCCESS)
        }
        ImageCacheCommand::Serve {
            roots,
            address,
            log,
        } => {
            let mut options = ServeOptions::new(Roots::new(roots));
            options.address = address;
            options.log = log;
            let server = Server::bind(options)?;
            eprintln!("serving on http://{} (Ctrl-C stops)", server.local_addr());
            server.serve_forever()?;
            Ok(ExitCode::SUCCESS)
        }
        ImageCacheCommand::DefaultImages {
            talos,
            k8s_version,
            etcd_version,
            flannel_version,
            coredns_version,
            kube_network_policies_version,
        } => {
            let mut overrides = Overrides::default();
            overrides.kubernetes = k8s_version;
            overrides.etcd = etcd_version;
            overrides.flannel = flannel_version;
            overrides.coredns = coredns_version;
            overrides.kube_network_policies = kube_network_policies_version;
            for image in default_images(&talos, &overrides)? {
                println!("{image}");
            }
            Ok(ExitCode::SUCCESS)
        }
        ImageCacheCommand::Unpack {
            layout,
            output,
            arch,
        } => {
            let report = unpack(&layout, &arch, &output)?;
            println!(
                "{}: {} files, {} bytes",
                output.display(),
                report.files,
                report.bytes
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `--images`: references, or `-` for standard input (blank lines and `#` comments skipped).
fn read_images(args: &[String]) -> Result<Vec<ImageRef>> {
    let mut texts = Vec::new();
    for arg in args {
        if arg == "-" {
            for line in std::io::stdin().lock().lines() {
                let line = line.context("reading images from standard input")?;
                let line = line.trim();
                if !line.is_empty() && !line.starts_with('#') {
                    texts.push(line.to_owned());
                }
            }
        } else {
            texts.push(arg.trim().to_owned());
        }
    }
    if texts.is_empty() {
        bail!("no images given");
    }
    texts
        .iter()
        .map(|text| ImageRef::parse(text).map_err(Into::into))
        .collect()
}

/// The layouts given, else the registries.
fn open_source(
    layouts: &[String],
    insecure: bool,
    docker_config: Option<PathBuf>,
    jobs: usize,
) -> Result<Box<dyn Source>> {
    let registries = RegistryOptions {
        insecure,
        docker_config,
        concurrency: jobs,
        ..RegistryOptions::default()
    };
    Ok(layouts_or_registries(layouts, registries)?)
}

struct CreateRequest<'a> {
    dest: &'a Path,
    images: &'a [ImageRef],
    options: &'a CreateOptions,
    layout: Layout,
    architectures: Vec<String>,
    force: bool,
    quiet: bool,
}

impl CreateRequest<'_> {
    fn run(self, source: &dyn Source) -> Result<ExitCode> {
        if self.force && self.dest.exists() {
            std::fs::remove_dir_all(self.dest)
                .with_context(|| format!("removing {}", self.dest.display()))?;
        }
        // The OCI wrapper is made from a flat tree kept beside it, so a rerun resumes too.
        let flat = match self.layout {
            Layout::Flat => self.dest.to_owned(),
            Layout::Oci => {
                let mut name = self.dest.as_os_str().to_owned();
                name.push(".flat");
                PathBuf::from(name)
            }
        };
        if self.layout == Layout::Oci && self.dest.exists() {
            bail!(
                "{}: already exists (use --force to replace it)",
                self.dest.display()
            );
        }
        let printer = ProgressPrinter::new(self.quiet);
        let report = create(source, &flat, self.images, self.options, &|event| {
            printer.print(event)
        })?;
        eprintln!(
            "cached {} images: {} manifests, {} blobs fetched ({} bytes{}), {} already present, {} signatures",
            report.images,
            report.manifests,
            report.blobs_written,
            report.bytes_written,
            match report.blobs_linked {
                0 => String::new(),
                linked => format!("; {linked} hard-linked"),
            },
            report.blobs_present,
            report.signatures
        );
        if self.layout == Layout::Oci {
            let mut options = PackOptions::default();
            options.architectures = self.architectures;
            let packed = pack(&flat, self.dest, &options)?;
            std::fs::remove_dir_all(&flat)
                .with_context(|| format!("removing {}", flat.display()))?;
            eprintln!(
                "packed into {} (manifest {}, layer {} bytes)",
                self.dest.display(),
                packed.manifest,
                packed.layer_size
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// Progress on standard error: one line per image and per fetched blob, or a counter that
/// rewrites itself on a terminal.
struct ProgressPrinter {
    quiet: bool,
    terminal: bool,
    lock: Mutex<()>,
}

impl ProgressPrinter {
    fn new(quiet: bool) -> ProgressPrinter {
        ProgressPrinter {
            quiet,
            terminal: std::io::stderr().is_terminal(),
            lock: Mutex::new(()),
        }
    }

    fn print(&self, event: &Progress<'_>) {
        if self.quiet {
            return;
        }
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut err = std::io::stderr().lock();
        let _ = match event {
            Progress::Image { image } => writeln!(err, "fetching {image}"),
            Progress::Signature { image, tag } => writeln!(err, "  signature {tag} for {image}"),
            Progress::BlobsPlanned { count, bytes } => {
                writeln!(err, "{count} blobs, {bytes} bytes")
            }
            Progress::Blob {
                digest,
                size,
                done,
                count,
                ..
            } if self.terminal => write!(
                err,
                "\r  [{done}/{count}] {} ({size} bytes)   ",
                &digest.to_string()[..19]
            )
            .and_then(|()| if done == count { writeln!(err) } else { Ok(()) }),
            Progress::Blob {
                digest,
                size,
                outcome,
                done,
                count,
            } => {
                writeln!(
                    err,
                    "  [{done}/{count}] {digest} {size} bytes ({outcome:?})"
                )
            }
            Progress::Retry { digest, error } => writeln!(err, "  retrying {digest}: {error}"),
            _ => Ok(()),
        };
    }
}
