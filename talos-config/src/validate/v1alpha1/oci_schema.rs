//! The shape of the OCI runtime spec (`specs.Spec`, runtime-spec v1.3.0) as `encoding/json`
//! sees it, generated from the Go types by reflection: JSON field names, Go type names (for
//! error texts) and kinds. Pointers are transparent to decoding and are left out.

/// A Go type, as far as JSON decoding tells types apart.
pub(super) enum Ty {
    /// `interface{}`: takes anything.
    Any,
    /// A struct.
    Struct(&'static StructTy),
    /// A slice and its element type.
    Slice(&'static str, &'static Ty),
    /// A map with string keys and its element type.
    Map(&'static str, &'static Ty),
    /// A string kind.
    Str(&'static str),
    /// A bool kind.
    Bool(&'static str),
    /// A signed integer kind and its width.
    Int(&'static str, u32),
    /// An unsigned integer kind and its width.
    Uint(&'static str, u32),
}

impl Ty {
    /// Go's `reflect.Type.String()`.
    pub(super) fn name(&self) -> &'static str {
        match self {
            Ty::Any => "interface {}",
            Ty::Struct(st) => st.go_type,
            Ty::Slice(name, _)
            | Ty::Map(name, _)
            | Ty::Str(name)
            | Ty::Bool(name)
            | Ty::Int(name, _)
            | Ty::Uint(name, _) => name,
        }
    }
}

/// A struct type.
pub(super) struct StructTy {
    /// The type's name without package (`Process`).
    pub(super) name: &'static str,
    /// The qualified name (`specs.Process`).
    pub(super) go_type: &'static str,
    /// Its JSON fields, in declaration order.
    pub(super) fields: &'static [Field],
}

/// A JSON field of a struct.
pub(super) struct Field {
    /// The JSON name.
    pub(super) name: &'static str,
    /// The embedded struct the field is promoted from, if any.
    pub(super) via: Option<&'static str>,
    /// The field's type.
    pub(super) ty: &'static Ty,
}

// Generated: one line per field (rustfmt skips this file).
pub(super) static S_SPECS_SPEC: StructTy = StructTy {
    name: "Spec",
    go_type: "specs.Spec",
    fields: &[
        Field { name: "ociVersion", via: None, ty: &Ty::Str("string") },
        Field { name: "process", via: None, ty: &Ty::Struct(&S_SPECS_PROCESS) },
        Field { name: "root", via: None, ty: &Ty::Struct(&S_SPECS_ROOT) },
        Field { name: "hostname", via: None, ty: &Ty::Str("string") },
        Field { name: "domainname", via: None, ty: &Ty::Str("string") },
        Field { name: "mounts", via: None, ty: &Ty::Slice("[]specs.Mount", &Ty::Struct(&S_SPECS_MOUNT)) },
        Field { name: "hooks", via: None, ty: &Ty::Struct(&S_SPECS_HOOKS) },
        Field { name: "annotations", via: None, ty: &Ty::Map("map[string]string", &Ty::Str("string")) },
        Field { name: "linux", via: None, ty: &Ty::Struct(&S_SPECS_LINUX) },
        Field { name: "solaris", via: None, ty: &Ty::Struct(&S_SPECS_SOLARIS) },
        Field { name: "windows", via: None, ty: &Ty::Struct(&S_SPECS_WINDOWS) },
        Field { name: "vm", via: None, ty: &Ty::Struct(&S_SPECS_VM) },
        Field { name: "zos", via: None, ty: &Ty::Struct(&S_SPECS_ZOS) },
        Field { name: "freebsd", via: None, ty: &Ty::Struct(&S_SPECS_FREEBSD) },
    ],
};

pub(super) static S_SPECS_PROCESS: StructTy = StructTy {
    name: "Process",
    go_type: "specs.Process",
    fields: &[
        Field { name: "terminal", via: None, ty: &Ty::Bool("bool") },
        Field { name: "consoleSize", via: None, ty: &Ty::Struct(&S_SPECS_BOX) },
        Field { name: "user", via: None, ty: &Ty::Struct(&S_SPECS_USER) },
        Field { name: "args", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "commandLine", via: None, ty: &Ty::Str("string") },
        Field { name: "env", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "cwd", via: None, ty: &Ty::Str("string") },
        Field { name: "capabilities", via: None, ty: &Ty::Struct(&S_SPECS_LINUXCAPABILITIES) },
        Field { name: "rlimits", via: None, ty: &Ty::Slice("[]specs.POSIXRlimit", &Ty::Struct(&S_SPECS_POSIXRLIMIT)) },
        Field { name: "noNewPrivileges", via: None, ty: &Ty::Bool("bool") },
        Field { name: "apparmorProfile", via: None, ty: &Ty::Str("string") },
        Field { name: "oomScoreAdj", via: None, ty: &Ty::Int("int", 64) },
        Field { name: "scheduler", via: None, ty: &Ty::Struct(&S_SPECS_SCHEDULER) },
        Field { name: "selinuxLabel", via: None, ty: &Ty::Str("string") },
        Field { name: "ioPriority", via: None, ty: &Ty::Struct(&S_SPECS_LINUXIOPRIORITY) },
        Field { name: "execCPUAffinity", via: None, ty: &Ty::Struct(&S_SPECS_CPUAFFINITY) },
    ],
};

pub(super) static S_SPECS_ROOT: StructTy = StructTy {
    name: "Root",
    go_type: "specs.Root",
    fields: &[
        Field { name: "path", via: None, ty: &Ty::Str("string") },
        Field { name: "readonly", via: None, ty: &Ty::Bool("bool") },
    ],
};

pub(super) static S_SPECS_MOUNT: StructTy = StructTy {
    name: "Mount",
    go_type: "specs.Mount",
    fields: &[
        Field { name: "destination", via: None, ty: &Ty::Str("string") },
        Field { name: "type", via: None, ty: &Ty::Str("string") },
        Field { name: "source", via: None, ty: &Ty::Str("string") },
        Field { name: "options", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "uidMappings", via: None, ty: &Ty::Slice("[]specs.LinuxIDMapping", &Ty::Struct(&S_SPECS_LINUXIDMAPPING)) },
        Field { name: "gidMappings", via: None, ty: &Ty::Slice("[]specs.LinuxIDMapping", &Ty::Struct(&S_SPECS_LINUXIDMAPPING)) },
    ],
};

pub(super) static S_SPECS_HOOKS: StructTy = StructTy {
    name: "Hooks",
    go_type: "specs.Hooks",
    fields: &[
        Field { name: "prestart", via: None, ty: &Ty::Slice("[]specs.Hook", &Ty::Struct(&S_SPECS_HOOK)) },
        Field { name: "createRuntime", via: None, ty: &Ty::Slice("[]specs.Hook", &Ty::Struct(&S_SPECS_HOOK)) },
        Field { name: "createContainer", via: None, ty: &Ty::Slice("[]specs.Hook", &Ty::Struct(&S_SPECS_HOOK)) },
        Field { name: "startContainer", via: None, ty: &Ty::Slice("[]specs.Hook", &Ty::Struct(&S_SPECS_HOOK)) },
        Field { name: "poststart", via: None, ty: &Ty::Slice("[]specs.Hook", &Ty::Struct(&S_SPECS_HOOK)) },
        Field { name: "poststop", via: None, ty: &Ty::Slice("[]specs.Hook", &Ty::Struct(&S_SPECS_HOOK)) },
    ],
};

pub(super) static S_SPECS_LINUX: StructTy = StructTy {
    name: "Linux",
    go_type: "specs.Linux",
    fields: &[
        Field { name: "uidMappings", via: None, ty: &Ty::Slice("[]specs.LinuxIDMapping", &Ty::Struct(&S_SPECS_LINUXIDMAPPING)) },
        Field { name: "gidMappings", via: None, ty: &Ty::Slice("[]specs.LinuxIDMapping", &Ty::Struct(&S_SPECS_LINUXIDMAPPING)) },
        Field { name: "sysctl", via: None, ty: &Ty::Map("map[string]string", &Ty::Str("string")) },
        Field { name: "resources", via: None, ty: &Ty::Struct(&S_SPECS_LINUXRESOURCES) },
        Field { name: "cgroupsPath", via: None, ty: &Ty::Str("string") },
        Field { name: "namespaces", via: None, ty: &Ty::Slice("[]specs.LinuxNamespace", &Ty::Struct(&S_SPECS_LINUXNAMESPACE)) },
        Field { name: "devices", via: None, ty: &Ty::Slice("[]specs.LinuxDevice", &Ty::Struct(&S_SPECS_LINUXDEVICE)) },
        Field { name: "netDevices", via: None, ty: &Ty::Map("map[string]specs.LinuxNetDevice", &Ty::Struct(&S_SPECS_LINUXNETDEVICE)) },
        Field { name: "seccomp", via: None, ty: &Ty::Struct(&S_SPECS_LINUXSECCOMP) },
        Field { name: "rootfsPropagation", via: None, ty: &Ty::Str("string") },
        Field { name: "maskedPaths", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "readonlyPaths", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "mountLabel", via: None, ty: &Ty::Str("string") },
        Field { name: "intelRdt", via: None, ty: &Ty::Struct(&S_SPECS_LINUXINTELRDT) },
        Field { name: "memoryPolicy", via: None, ty: &Ty::Struct(&S_SPECS_LINUXMEMORYPOLICY) },
        Field { name: "personality", via: None, ty: &Ty::Struct(&S_SPECS_LINUXPERSONALITY) },
        Field { name: "timeOffsets", via: None, ty: &Ty::Map("map[string]specs.LinuxTimeOffset", &Ty::Struct(&S_SPECS_LINUXTIMEOFFSET)) },
    ],
};

pub(super) static S_SPECS_SOLARIS: StructTy = StructTy {
    name: "Solaris",
    go_type: "specs.Solaris",
    fields: &[
        Field { name: "milestone", via: None, ty: &Ty::Str("string") },
        Field { name: "limitpriv", via: None, ty: &Ty::Str("string") },
        Field { name: "maxShmMemory", via: None, ty: &Ty::Str("string") },
        Field { name: "anet", via: None, ty: &Ty::Slice("[]specs.SolarisAnet", &Ty::Struct(&S_SPECS_SOLARISANET)) },
        Field { name: "cappedCPU", via: None, ty: &Ty::Struct(&S_SPECS_SOLARISCAPPEDCPU) },
        Field { name: "cappedMemory", via: None, ty: &Ty::Struct(&S_SPECS_SOLARISCAPPEDMEMORY) },
    ],
};

pub(super) static S_SPECS_WINDOWS: StructTy = StructTy {
    name: "Windows",
    go_type: "specs.Windows",
    fields: &[
        Field { name: "layerFolders", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "devices", via: None, ty: &Ty::Slice("[]specs.WindowsDevice", &Ty::Struct(&S_SPECS_WINDOWSDEVICE)) },
        Field { name: "resources", via: None, ty: &Ty::Struct(&S_SPECS_WINDOWSRESOURCES) },
        Field { name: "credentialSpec", via: None, ty: &Ty::Any },
        Field { name: "servicing", via: None, ty: &Ty::Bool("bool") },
        Field { name: "ignoreFlushesDuringBoot", via: None, ty: &Ty::Bool("bool") },
        Field { name: "hyperv", via: None, ty: &Ty::Struct(&S_SPECS_WINDOWSHYPERV) },
        Field { name: "network", via: None, ty: &Ty::Struct(&S_SPECS_WINDOWSNETWORK) },
    ],
};

pub(super) static S_SPECS_VM: StructTy = StructTy {
    name: "VM",
    go_type: "specs.VM",
    fields: &[
        Field { name: "hypervisor", via: None, ty: &Ty::Struct(&S_SPECS_VMHYPERVISOR) },
        Field { name: "kernel", via: None, ty: &Ty::Struct(&S_SPECS_VMKERNEL) },
        Field { name: "image", via: None, ty: &Ty::Struct(&S_SPECS_VMIMAGE) },
        Field { name: "hwconfig", via: None, ty: &Ty::Struct(&S_SPECS_HWCONFIG) },
    ],
};

pub(super) static S_SPECS_ZOS: StructTy = StructTy {
    name: "ZOS",
    go_type: "specs.ZOS",
    fields: &[
        Field { name: "namespaces", via: None, ty: &Ty::Slice("[]specs.ZOSNamespace", &Ty::Struct(&S_SPECS_ZOSNAMESPACE)) },
    ],
};

pub(super) static S_SPECS_FREEBSD: StructTy = StructTy {
    name: "FreeBSD",
    go_type: "specs.FreeBSD",
    fields: &[
        Field { name: "devices", via: None, ty: &Ty::Slice("[]specs.FreeBSDDevice", &Ty::Struct(&S_SPECS_FREEBSDDEVICE)) },
        Field { name: "jail", via: None, ty: &Ty::Struct(&S_SPECS_FREEBSDJAIL) },
    ],
};

pub(super) static S_SPECS_BOX: StructTy = StructTy {
    name: "Box",
    go_type: "specs.Box",
    fields: &[
        Field { name: "height", via: None, ty: &Ty::Uint("uint", 64) },
        Field { name: "width", via: None, ty: &Ty::Uint("uint", 64) },
    ],
};

pub(super) static S_SPECS_USER: StructTy = StructTy {
    name: "User",
    go_type: "specs.User",
    fields: &[
        Field { name: "uid", via: None, ty: &Ty::Uint("uint32", 32) },
        Field { name: "gid", via: None, ty: &Ty::Uint("uint32", 32) },
        Field { name: "umask", via: None, ty: &Ty::Uint("uint32", 32) },
        Field { name: "additionalGids", via: None, ty: &Ty::Slice("[]uint32", &Ty::Uint("uint32", 32)) },
        Field { name: "username", via: None, ty: &Ty::Str("string") },
    ],
};

pub(super) static S_SPECS_LINUXCAPABILITIES: StructTy = StructTy {
    name: "LinuxCapabilities",
    go_type: "specs.LinuxCapabilities",
    fields: &[
        Field { name: "bounding", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "effective", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "inheritable", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "permitted", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "ambient", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
    ],
};

pub(super) static S_SPECS_POSIXRLIMIT: StructTy = StructTy {
    name: "POSIXRlimit",
    go_type: "specs.POSIXRlimit",
    fields: &[
        Field { name: "type", via: None, ty: &Ty::Str("string") },
        Field { name: "hard", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "soft", via: None, ty: &Ty::Uint("uint64", 64) },
    ],
};

pub(super) static S_SPECS_SCHEDULER: StructTy = StructTy {
    name: "Scheduler",
    go_type: "specs.Scheduler",
    fields: &[
        Field { name: "policy", via: None, ty: &Ty::Str("specs.LinuxSchedulerPolicy") },
        Field { name: "nice", via: None, ty: &Ty::Int("int32", 32) },
        Field { name: "priority", via: None, ty: &Ty::Int("int32", 32) },
        Field { name: "flags", via: None, ty: &Ty::Slice("[]specs.LinuxSchedulerFlag", &Ty::Str("specs.LinuxSchedulerFlag")) },
        Field { name: "runtime", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "deadline", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "period", via: None, ty: &Ty::Uint("uint64", 64) },
    ],
};

pub(super) static S_SPECS_LINUXIOPRIORITY: StructTy = StructTy {
    name: "LinuxIOPriority",
    go_type: "specs.LinuxIOPriority",
    fields: &[
        Field { name: "class", via: None, ty: &Ty::Str("specs.IOPriorityClass") },
        Field { name: "priority", via: None, ty: &Ty::Int("int", 64) },
    ],
};

pub(super) static S_SPECS_CPUAFFINITY: StructTy = StructTy {
    name: "CPUAffinity",
    go_type: "specs.CPUAffinity",
    fields: &[
        Field { name: "initial", via: None, ty: &Ty::Str("string") },
        Field { name: "final", via: None, ty: &Ty::Str("string") },
    ],
};

pub(super) static S_SPECS_LINUXIDMAPPING: StructTy = StructTy {
    name: "LinuxIDMapping",
    go_type: "specs.LinuxIDMapping",
    fields: &[
        Field { name: "containerID", via: None, ty: &Ty::Uint("uint32", 32) },
        Field { name: "hostID", via: None, ty: &Ty::Uint("uint32", 32) },
        Field { name: "size", via: None, ty: &Ty::Uint("uint32", 32) },
    ],
};

pub(super) static S_SPECS_HOOK: StructTy = StructTy {
    name: "Hook",
    go_type: "specs.Hook",
    fields: &[
        Field { name: "path", via: None, ty: &Ty::Str("string") },
        Field { name: "args", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "env", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "timeout", via: None, ty: &Ty::Int("int", 64) },
    ],
};

pub(super) static S_SPECS_LINUXRESOURCES: StructTy = StructTy {
    name: "LinuxResources",
    go_type: "specs.LinuxResources",
    fields: &[
        Field { name: "devices", via: None, ty: &Ty::Slice("[]specs.LinuxDeviceCgroup", &Ty::Struct(&S_SPECS_LINUXDEVICECGROUP)) },
        Field { name: "memory", via: None, ty: &Ty::Struct(&S_SPECS_LINUXMEMORY) },
        Field { name: "cpu", via: None, ty: &Ty::Struct(&S_SPECS_LINUXCPU) },
        Field { name: "pids", via: None, ty: &Ty::Struct(&S_SPECS_LINUXPIDS) },
        Field { name: "blockIO", via: None, ty: &Ty::Struct(&S_SPECS_LINUXBLOCKIO) },
        Field { name: "hugepageLimits", via: None, ty: &Ty::Slice("[]specs.LinuxHugepageLimit", &Ty::Struct(&S_SPECS_LINUXHUGEPAGELIMIT)) },
        Field { name: "network", via: None, ty: &Ty::Struct(&S_SPECS_LINUXNETWORK) },
        Field { name: "rdma", via: None, ty: &Ty::Map("map[string]specs.LinuxRdma", &Ty::Struct(&S_SPECS_LINUXRDMA)) },
        Field { name: "unified", via: None, ty: &Ty::Map("map[string]string", &Ty::Str("string")) },
    ],
};

pub(super) static S_SPECS_LINUXNAMESPACE: StructTy = StructTy {
    name: "LinuxNamespace",
    go_type: "specs.LinuxNamespace",
    fields: &[
        Field { name: "type", via: None, ty: &Ty::Str("specs.LinuxNamespaceType") },
        Field { name: "path", via: None, ty: &Ty::Str("string") },
    ],
};

pub(super) static S_SPECS_LINUXDEVICE: StructTy = StructTy {
    name: "LinuxDevice",
    go_type: "specs.LinuxDevice",
    fields: &[
        Field { name: "path", via: None, ty: &Ty::Str("string") },
        Field { name: "type", via: None, ty: &Ty::Str("string") },
        Field { name: "major", via: None, ty: &Ty::Int("int64", 64) },
        Field { name: "minor", via: None, ty: &Ty::Int("int64", 64) },
        Field { name: "fileMode", via: None, ty: &Ty::Uint("fs.FileMode", 32) },
        Field { name: "uid", via: None, ty: &Ty::Uint("uint32", 32) },
        Field { name: "gid", via: None, ty: &Ty::Uint("uint32", 32) },
    ],
};

pub(super) static S_SPECS_LINUXNETDEVICE: StructTy = StructTy {
    name: "LinuxNetDevice",
    go_type: "specs.LinuxNetDevice",
    fields: &[
        Field { name: "name", via: None, ty: &Ty::Str("string") },
    ],
};

pub(super) static S_SPECS_LINUXSECCOMP: StructTy = StructTy {
    name: "LinuxSeccomp",
    go_type: "specs.LinuxSeccomp",
    fields: &[
        Field { name: "defaultAction", via: None, ty: &Ty::Str("specs.LinuxSeccompAction") },
        Field { name: "defaultErrnoRet", via: None, ty: &Ty::Uint("uint", 64) },
        Field { name: "architectures", via: None, ty: &Ty::Slice("[]specs.Arch", &Ty::Str("specs.Arch")) },
        Field { name: "flags", via: None, ty: &Ty::Slice("[]specs.LinuxSeccompFlag", &Ty::Str("specs.LinuxSeccompFlag")) },
        Field { name: "listenerPath", via: None, ty: &Ty::Str("string") },
        Field { name: "listenerMetadata", via: None, ty: &Ty::Str("string") },
        Field { name: "syscalls", via: None, ty: &Ty::Slice("[]specs.LinuxSyscall", &Ty::Struct(&S_SPECS_LINUXSYSCALL)) },
    ],
};

pub(super) static S_SPECS_LINUXINTELRDT: StructTy = StructTy {
    name: "LinuxIntelRdt",
    go_type: "specs.LinuxIntelRdt",
    fields: &[
        Field { name: "closID", via: None, ty: &Ty::Str("string") },
        Field { name: "schemata", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "l3CacheSchema", via: None, ty: &Ty::Str("string") },
        Field { name: "memBwSchema", via: None, ty: &Ty::Str("string") },
        Field { name: "enableMonitoring", via: None, ty: &Ty::Bool("bool") },
    ],
};

pub(super) static S_SPECS_LINUXMEMORYPOLICY: StructTy = StructTy {
    name: "LinuxMemoryPolicy",
    go_type: "specs.LinuxMemoryPolicy",
    fields: &[
        Field { name: "mode", via: None, ty: &Ty::Str("specs.MemoryPolicyModeType") },
        Field { name: "nodes", via: None, ty: &Ty::Str("string") },
        Field { name: "flags", via: None, ty: &Ty::Slice("[]specs.MemoryPolicyFlagType", &Ty::Str("specs.MemoryPolicyFlagType")) },
    ],
};

pub(super) static S_SPECS_LINUXPERSONALITY: StructTy = StructTy {
    name: "LinuxPersonality",
    go_type: "specs.LinuxPersonality",
    fields: &[
        Field { name: "domain", via: None, ty: &Ty::Str("specs.LinuxPersonalityDomain") },
        Field { name: "flags", via: None, ty: &Ty::Slice("[]specs.LinuxPersonalityFlag", &Ty::Str("specs.LinuxPersonalityFlag")) },
    ],
};

pub(super) static S_SPECS_LINUXTIMEOFFSET: StructTy = StructTy {
    name: "LinuxTimeOffset",
    go_type: "specs.LinuxTimeOffset",
    fields: &[
        Field { name: "secs", via: None, ty: &Ty::Int("int64", 64) },
        Field { name: "nanosecs", via: None, ty: &Ty::Uint("uint32", 32) },
    ],
};

pub(super) static S_SPECS_SOLARISANET: StructTy = StructTy {
    name: "SolarisAnet",
    go_type: "specs.SolarisAnet",
    fields: &[
        Field { name: "linkname", via: None, ty: &Ty::Str("string") },
        Field { name: "lowerLink", via: None, ty: &Ty::Str("string") },
        Field { name: "allowedAddress", via: None, ty: &Ty::Str("string") },
        Field { name: "configureAllowedAddress", via: None, ty: &Ty::Str("string") },
        Field { name: "defrouter", via: None, ty: &Ty::Str("string") },
        Field { name: "linkProtection", via: None, ty: &Ty::Str("string") },
        Field { name: "macAddress", via: None, ty: &Ty::Str("string") },
    ],
};

pub(super) static S_SPECS_SOLARISCAPPEDCPU: StructTy = StructTy {
    name: "SolarisCappedCPU",
    go_type: "specs.SolarisCappedCPU",
    fields: &[
        Field { name: "ncpus", via: None, ty: &Ty::Str("string") },
    ],
};

pub(super) static S_SPECS_SOLARISCAPPEDMEMORY: StructTy = StructTy {
    name: "SolarisCappedMemory",
    go_type: "specs.SolarisCappedMemory",
    fields: &[
        Field { name: "physical", via: None, ty: &Ty::Str("string") },
        Field { name: "swap", via: None, ty: &Ty::Str("string") },
    ],
};

pub(super) static S_SPECS_WINDOWSDEVICE: StructTy = StructTy {
    name: "WindowsDevice",
    go_type: "specs.WindowsDevice",
    fields: &[
        Field { name: "id", via: None, ty: &Ty::Str("string") },
        Field { name: "idType", via: None, ty: &Ty::Str("string") },
    ],
};

pub(super) static S_SPECS_WINDOWSRESOURCES: StructTy = StructTy {
    name: "WindowsResources",
    go_type: "specs.WindowsResources",
    fields: &[
        Field { name: "memory", via: None, ty: &Ty::Struct(&S_SPECS_WINDOWSMEMORYRESOURCES) },
        Field { name: "cpu", via: None, ty: &Ty::Struct(&S_SPECS_WINDOWSCPURESOURCES) },
        Field { name: "storage", via: None, ty: &Ty::Struct(&S_SPECS_WINDOWSSTORAGERESOURCES) },
    ],
};

pub(super) static S_SPECS_WINDOWSHYPERV: StructTy = StructTy {
    name: "WindowsHyperV",
    go_type: "specs.WindowsHyperV",
    fields: &[
        Field { name: "utilityVMPath", via: None, ty: &Ty::Str("string") },
    ],
};

pub(super) static S_SPECS_WINDOWSNETWORK: StructTy = StructTy {
    name: "WindowsNetwork",
    go_type: "specs.WindowsNetwork",
    fields: &[
        Field { name: "endpointList", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "allowUnqualifiedDNSQuery", via: None, ty: &Ty::Bool("bool") },
        Field { name: "DNSSearchList", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "networkSharedContainerName", via: None, ty: &Ty::Str("string") },
        Field { name: "networkNamespace", via: None, ty: &Ty::Str("string") },
    ],
};

pub(super) static S_SPECS_VMHYPERVISOR: StructTy = StructTy {
    name: "VMHypervisor",
    go_type: "specs.VMHypervisor",
    fields: &[
        Field { name: "path", via: None, ty: &Ty::Str("string") },
        Field { name: "parameters", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
    ],
};

pub(super) static S_SPECS_VMKERNEL: StructTy = StructTy {
    name: "VMKernel",
    go_type: "specs.VMKernel",
    fields: &[
        Field { name: "path", via: None, ty: &Ty::Str("string") },
        Field { name: "parameters", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "initrd", via: None, ty: &Ty::Str("string") },
    ],
};

pub(super) static S_SPECS_VMIMAGE: StructTy = StructTy {
    name: "VMImage",
    go_type: "specs.VMImage",
    fields: &[
        Field { name: "path", via: None, ty: &Ty::Str("string") },
        Field { name: "format", via: None, ty: &Ty::Str("string") },
    ],
};

pub(super) static S_SPECS_HWCONFIG: StructTy = StructTy {
    name: "HWConfig",
    go_type: "specs.HWConfig",
    fields: &[
        Field { name: "deviceTree", via: None, ty: &Ty::Str("string") },
        Field { name: "vcpus", via: None, ty: &Ty::Uint("uint32", 32) },
        Field { name: "memory", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "dtdevs", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "iomems", via: None, ty: &Ty::Slice("[]specs.IOMems", &Ty::Struct(&S_SPECS_IOMEMS)) },
        Field { name: "irqs", via: None, ty: &Ty::Slice("[]uint32", &Ty::Uint("uint32", 32)) },
    ],
};

pub(super) static S_SPECS_ZOSNAMESPACE: StructTy = StructTy {
    name: "ZOSNamespace",
    go_type: "specs.ZOSNamespace",
    fields: &[
        Field { name: "type", via: None, ty: &Ty::Str("specs.ZOSNamespaceType") },
        Field { name: "path", via: None, ty: &Ty::Str("string") },
    ],
};

pub(super) static S_SPECS_FREEBSDDEVICE: StructTy = StructTy {
    name: "FreeBSDDevice",
    go_type: "specs.FreeBSDDevice",
    fields: &[
        Field { name: "path", via: None, ty: &Ty::Str("string") },
        Field { name: "mode", via: None, ty: &Ty::Uint("fs.FileMode", 32) },
    ],
};

pub(super) static S_SPECS_FREEBSDJAIL: StructTy = StructTy {
    name: "FreeBSDJail",
    go_type: "specs.FreeBSDJail",
    fields: &[
        Field { name: "parent", via: None, ty: &Ty::Str("string") },
        Field { name: "host", via: None, ty: &Ty::Str("specs.FreeBSDSharing") },
        Field { name: "ip4", via: None, ty: &Ty::Str("specs.FreeBSDSharing") },
        Field { name: "ip4Addr", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "ip6", via: None, ty: &Ty::Str("specs.FreeBSDSharing") },
        Field { name: "ip6Addr", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "vnet", via: None, ty: &Ty::Str("specs.FreeBSDSharing") },
        Field { name: "interface", via: None, ty: &Ty::Str("string") },
        Field { name: "vnetInterfaces", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "sysvmsg", via: None, ty: &Ty::Str("specs.FreeBSDSharing") },
        Field { name: "sysvsem", via: None, ty: &Ty::Str("specs.FreeBSDSharing") },
        Field { name: "sysvshm", via: None, ty: &Ty::Str("specs.FreeBSDSharing") },
        Field { name: "enforceStatfs", via: None, ty: &Ty::Int("int", 64) },
        Field { name: "allow", via: None, ty: &Ty::Struct(&S_SPECS_FREEBSDJAILALLOW) },
    ],
};

pub(super) static S_SPECS_LINUXDEVICECGROUP: StructTy = StructTy {
    name: "LinuxDeviceCgroup",
    go_type: "specs.LinuxDeviceCgroup",
    fields: &[
        Field { name: "allow", via: None, ty: &Ty::Bool("bool") },
        Field { name: "type", via: None, ty: &Ty::Str("string") },
        Field { name: "major", via: None, ty: &Ty::Int("int64", 64) },
        Field { name: "minor", via: None, ty: &Ty::Int("int64", 64) },
        Field { name: "access", via: None, ty: &Ty::Str("string") },
    ],
};

pub(super) static S_SPECS_LINUXMEMORY: StructTy = StructTy {
    name: "LinuxMemory",
    go_type: "specs.LinuxMemory",
    fields: &[
        Field { name: "limit", via: None, ty: &Ty::Int("int64", 64) },
        Field { name: "reservation", via: None, ty: &Ty::Int("int64", 64) },
        Field { name: "swap", via: None, ty: &Ty::Int("int64", 64) },
        Field { name: "kernel", via: None, ty: &Ty::Int("int64", 64) },
        Field { name: "kernelTCP", via: None, ty: &Ty::Int("int64", 64) },
        Field { name: "swappiness", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "disableOOMKiller", via: None, ty: &Ty::Bool("bool") },
        Field { name: "useHierarchy", via: None, ty: &Ty::Bool("bool") },
        Field { name: "checkBeforeUpdate", via: None, ty: &Ty::Bool("bool") },
    ],
};

pub(super) static S_SPECS_LINUXCPU: StructTy = StructTy {
    name: "LinuxCPU",
    go_type: "specs.LinuxCPU",
    fields: &[
        Field { name: "shares", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "quota", via: None, ty: &Ty::Int("int64", 64) },
        Field { name: "burst", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "period", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "realtimeRuntime", via: None, ty: &Ty::Int("int64", 64) },
        Field { name: "realtimePeriod", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "cpus", via: None, ty: &Ty::Str("string") },
        Field { name: "mems", via: None, ty: &Ty::Str("string") },
        Field { name: "idle", via: None, ty: &Ty::Int("int64", 64) },
    ],
};

pub(super) static S_SPECS_LINUXPIDS: StructTy = StructTy {
    name: "LinuxPids",
    go_type: "specs.LinuxPids",
    fields: &[
        Field { name: "limit", via: None, ty: &Ty::Int("int64", 64) },
    ],
};

pub(super) static S_SPECS_LINUXBLOCKIO: StructTy = StructTy {
    name: "LinuxBlockIO",
    go_type: "specs.LinuxBlockIO",
    fields: &[
        Field { name: "weight", via: None, ty: &Ty::Uint("uint16", 16) },
        Field { name: "leafWeight", via: None, ty: &Ty::Uint("uint16", 16) },
        Field { name: "weightDevice", via: None, ty: &Ty::Slice("[]specs.LinuxWeightDevice", &Ty::Struct(&S_SPECS_LINUXWEIGHTDEVICE)) },
        Field { name: "throttleReadBpsDevice", via: None, ty: &Ty::Slice("[]specs.LinuxThrottleDevice", &Ty::Struct(&S_SPECS_LINUXTHROTTLEDEVICE)) },
        Field { name: "throttleWriteBpsDevice", via: None, ty: &Ty::Slice("[]specs.LinuxThrottleDevice", &Ty::Struct(&S_SPECS_LINUXTHROTTLEDEVICE)) },
        Field { name: "throttleReadIOPSDevice", via: None, ty: &Ty::Slice("[]specs.LinuxThrottleDevice", &Ty::Struct(&S_SPECS_LINUXTHROTTLEDEVICE)) },
        Field { name: "throttleWriteIOPSDevice", via: None, ty: &Ty::Slice("[]specs.LinuxThrottleDevice", &Ty::Struct(&S_SPECS_LINUXTHROTTLEDEVICE)) },
    ],
};

pub(super) static S_SPECS_LINUXHUGEPAGELIMIT: StructTy = StructTy {
    name: "LinuxHugepageLimit",
    go_type: "specs.LinuxHugepageLimit",
    fields: &[
        Field { name: "pageSize", via: None, ty: &Ty::Str("string") },
        Field { name: "limit", via: None, ty: &Ty::Uint("uint64", 64) },
    ],
};

pub(super) static S_SPECS_LINUXNETWORK: StructTy = StructTy {
    name: "LinuxNetwork",
    go_type: "specs.LinuxNetwork",
    fields: &[
        Field { name: "classID", via: None, ty: &Ty::Uint("uint32", 32) },
        Field { name: "priorities", via: None, ty: &Ty::Slice("[]specs.LinuxInterfacePriority", &Ty::Struct(&S_SPECS_LINUXINTERFACEPRIORITY)) },
    ],
};

pub(super) static S_SPECS_LINUXRDMA: StructTy = StructTy {
    name: "LinuxRdma",
    go_type: "specs.LinuxRdma",
    fields: &[
        Field { name: "hcaHandles", via: None, ty: &Ty::Uint("uint32", 32) },
        Field { name: "hcaObjects", via: None, ty: &Ty::Uint("uint32", 32) },
    ],
};

pub(super) static S_SPECS_LINUXSYSCALL: StructTy = StructTy {
    name: "LinuxSyscall",
    go_type: "specs.LinuxSyscall",
    fields: &[
        Field { name: "names", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "action", via: None, ty: &Ty::Str("specs.LinuxSeccompAction") },
        Field { name: "errnoRet", via: None, ty: &Ty::Uint("uint", 64) },
        Field { name: "args", via: None, ty: &Ty::Slice("[]specs.LinuxSeccompArg", &Ty::Struct(&S_SPECS_LINUXSECCOMPARG)) },
    ],
};

pub(super) static S_SPECS_WINDOWSMEMORYRESOURCES: StructTy = StructTy {
    name: "WindowsMemoryResources",
    go_type: "specs.WindowsMemoryResources",
    fields: &[
        Field { name: "limit", via: None, ty: &Ty::Uint("uint64", 64) },
    ],
};

pub(super) static S_SPECS_WINDOWSCPURESOURCES: StructTy = StructTy {
    name: "WindowsCPUResources",
    go_type: "specs.WindowsCPUResources",
    fields: &[
        Field { name: "count", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "shares", via: None, ty: &Ty::Uint("uint16", 16) },
        Field { name: "maximum", via: None, ty: &Ty::Uint("uint16", 16) },
        Field { name: "affinity", via: None, ty: &Ty::Slice("[]specs.WindowsCPUGroupAffinity", &Ty::Struct(&S_SPECS_WINDOWSCPUGROUPAFFINITY)) },
    ],
};

pub(super) static S_SPECS_WINDOWSSTORAGERESOURCES: StructTy = StructTy {
    name: "WindowsStorageResources",
    go_type: "specs.WindowsStorageResources",
    fields: &[
        Field { name: "iops", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "bps", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "sandboxSize", via: None, ty: &Ty::Uint("uint64", 64) },
    ],
};

pub(super) static S_SPECS_IOMEMS: StructTy = StructTy {
    name: "IOMems",
    go_type: "specs.IOMems",
    fields: &[
        Field { name: "firstGFN", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "firstMFN", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "nrMFNs", via: None, ty: &Ty::Uint("uint64", 64) },
    ],
};

pub(super) static S_SPECS_FREEBSDJAILALLOW: StructTy = StructTy {
    name: "FreeBSDJailAllow",
    go_type: "specs.FreeBSDJailAllow",
    fields: &[
        Field { name: "setHostname", via: None, ty: &Ty::Bool("bool") },
        Field { name: "rawSockets", via: None, ty: &Ty::Bool("bool") },
        Field { name: "chflags", via: None, ty: &Ty::Bool("bool") },
        Field { name: "mount", via: None, ty: &Ty::Slice("[]string", &Ty::Str("string")) },
        Field { name: "quotas", via: None, ty: &Ty::Bool("bool") },
        Field { name: "socketAf", via: None, ty: &Ty::Bool("bool") },
        Field { name: "mlock", via: None, ty: &Ty::Bool("bool") },
        Field { name: "reservedPorts", via: None, ty: &Ty::Bool("bool") },
        Field { name: "suser", via: None, ty: &Ty::Bool("bool") },
    ],
};

pub(super) static S_SPECS_LINUXWEIGHTDEVICE: StructTy = StructTy {
    name: "LinuxWeightDevice",
    go_type: "specs.LinuxWeightDevice",
    fields: &[
        Field { name: "major", via: Some("LinuxBlockIODevice"), ty: &Ty::Int("int64", 64) },
        Field { name: "minor", via: Some("LinuxBlockIODevice"), ty: &Ty::Int("int64", 64) },
        Field { name: "weight", via: None, ty: &Ty::Uint("uint16", 16) },
        Field { name: "leafWeight", via: None, ty: &Ty::Uint("uint16", 16) },
    ],
};

pub(super) static S_SPECS_LINUXTHROTTLEDEVICE: StructTy = StructTy {
    name: "LinuxThrottleDevice",
    go_type: "specs.LinuxThrottleDevice",
    fields: &[
        Field { name: "major", via: Some("LinuxBlockIODevice"), ty: &Ty::Int("int64", 64) },
        Field { name: "minor", via: Some("LinuxBlockIODevice"), ty: &Ty::Int("int64", 64) },
        Field { name: "rate", via: None, ty: &Ty::Uint("uint64", 64) },
    ],
};

pub(super) static S_SPECS_LINUXINTERFACEPRIORITY: StructTy = StructTy {
    name: "LinuxInterfacePriority",
    go_type: "specs.LinuxInterfacePriority",
    fields: &[
        Field { name: "name", via: None, ty: &Ty::Str("string") },
        Field { name: "priority", via: None, ty: &Ty::Uint("uint32", 32) },
    ],
};

pub(super) static S_SPECS_LINUXSECCOMPARG: StructTy = StructTy {
    name: "LinuxSeccompArg",
    go_type: "specs.LinuxSeccompArg",
    fields: &[
        Field { name: "index", via: None, ty: &Ty::Uint("uint", 64) },
        Field { name: "value", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "valueTwo", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "op", via: None, ty: &Ty::Str("specs.LinuxSeccompOperator") },
    ],
};

pub(super) static S_SPECS_WINDOWSCPUGROUPAFFINITY: StructTy = StructTy {
    name: "WindowsCPUGroupAffinity",
    go_type: "specs.WindowsCPUGroupAffinity",
    fields: &[
        Field { name: "mask", via: None, ty: &Ty::Uint("uint64", 64) },
        Field { name: "group", via: None, ty: &Ty::Uint("uint32", 32) },
    ],
};
