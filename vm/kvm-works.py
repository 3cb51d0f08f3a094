#!/usr/bin/env python3
"""Exit 0 when KVM really runs guest code with hardware assistance, 1 otherwise.

Opening /dev/kvm, or even creating a VM, is not proof: on some hosts the
device exists and the guest never runs.  So a few instructions of real
guest code must run and their write come back:
  x86_64:  five bytes of real-mode code (mov al, 0x42; out 0x10, al; hlt),
           expected as a port write;
  aarch64: four instructions with the MMU off (x0 = 0x42, x1 = an address
           no memory slot covers, strb w0, [x1]; b .), expected as an
           MMIO exit.
Nor is that enough on x86: /dev/kvm can be backed by kvm_pvm (a
paravirtual KVM that runs only kernels built as PVM guests: the five bytes
run by emulation, a stock kernel never boots).  So the backend must also
be a hardware one, kvm_intel or kvm_amd.  arm64 has no such backend: its
KVM is the kernel's own, at EL2.
--why prints the reason it is not usable on stderr.
Run it under timeout(1): a broken KVM may hang in KVM_RUN.
"""
import ctypes
import fcntl
import mmap
import os
import struct
import sys

KVM_GET_API_VERSION = 0xAE00
KVM_CREATE_VM = 0xAE01
KVM_GET_VCPU_MMAP_SIZE = 0xAE04
KVM_CREATE_VCPU = 0xAE41
KVM_SET_USER_MEMORY_REGION = 0x4020AE46
KVM_GET_SREGS = 0x8138AE83
KVM_SET_SREGS = 0x4138AE84
KVM_SET_REGS = 0x4090AE82
KVM_RUN = 0xAE80
KVM_EXIT_IO = 2
KVM_EXIT_MMIO = 6
# arm64's (linux/kvm.h, asm/kvm.h): struct kvm_vcpu_init is 32 bytes,
# struct kvm_one_reg 16; the core register id of pc is KVM_REG_ARM64 |
# KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | offsetof(struct kvm_regs, regs.pc) / 4.
KVM_ARM_PREFERRED_TARGET = 0x8020AEAF
KVM_ARM_VCPU_INIT = 0x4020AEAE
KVM_SET_ONE_REG = 0x4010AEAC
ARM64_CORE_REG_PC = 0x6030000000100000 | (32 * 8 // 4)


def backend():
    """Which module backs /dev/kvm (a built-in one with parameters shows too)."""
    for name in ("kvm_intel", "kvm_amd", "kvm_pvm"):
        if os.path.isdir("/sys/module/" + name):
            return name
    return None


def main():
    machine = os.uname().machine
    if machine not in ("x86_64", "aarch64"):
        why("no probe for " + machine + " (x86_64, aarch64)")
        return 1
    if machine == "x86_64":
        kind = backend()
        if kind not in ("kvm_intel", "kvm_amd"):
            why("/dev/kvm is " + (kind or "no kvm_intel or kvm_amd") +
                ": no hardware-assisted KVM (kvm_pvm runs only PVM guest kernels)")
            return 1
    kvm = os.open("/dev/kvm", os.O_RDWR | os.O_CLOEXEC)
    if fcntl.ioctl(kvm, KVM_GET_API_VERSION) != 12:
        why("KVM API version is not 12")
        return 1
    vm = fcntl.ioctl(kvm, KVM_CREATE_VM, 0)
    size = fcntl.ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE)
    return run_x86(vm, size) if machine == "x86_64" else run_arm64(vm, size)


def run_x86(vm, size):
    mem = mmap.mmap(-1, 0x2000)
    mem[0x1000:0x1005] = bytes([0xB0, 0x42, 0xE6, 0x10, 0xF4])
    addr = ctypes.addressof(ctypes.c_char.from_buffer(mem))
    region = struct.pack("IIQQQ", 0, 0, 0, 0x2000, addr)
    fcntl.ioctl(vm, KVM_SET_USER_MEMORY_REGION, region)
    vcpu = fcntl.ioctl(vm, KVM_CREATE_VCPU, 0)
    run = mmap.mmap(vcpu, size, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
    sregs = bytearray(312)
    fcntl.ioctl(vcpu, KVM_GET_SREGS, sregs)
    # cs is the first kvm_segment of struct kvm_sregs (cs, ds, es, ...):
    # base=0, limit=0xffff, selector=0.  Left at its reset value (base
    # 0xffff0000) the code would be fetched from 0xffff1000, where no
    # memory is: KVM_EXIT_INTERNAL_ERROR on every machine (the nested run
    # of tests/vm_kvm.sh found it; it had set ds, at offset 24).
    struct.pack_into("QIH", sregs, 0, 0, 0xFFFF, 0)
    fcntl.ioctl(vcpu, KVM_SET_SREGS, bytes(sregs))
    regs = bytearray(144)
    struct.pack_into("Q", regs, 128, 0x1000)  # rip
    struct.pack_into("Q", regs, 136, 0x2)     # rflags
    fcntl.ioctl(vcpu, KVM_SET_REGS, bytes(regs))
    fcntl.ioctl(vcpu, KVM_RUN, 0)
    exit_reason = struct.unpack_from("I", run, 8)[0]
    if exit_reason != KVM_EXIT_IO:
        why("KVM_RUN exited with reason %d, not the port write (%d)" % (exit_reason, KVM_EXIT_IO))
        return 1
    # kvm_run.io: direction, size, port, count, data_offset
    _, _, port, _, data_offset = struct.unpack_from("BBHIQ", run, 32)
    if port != 0x10 or run[data_offset] != 0x42:
        why("the guest wrote 0x%x to port 0x%x, not 0x42 to 0x10" % (run[data_offset], port))
        return 1
    return 0


# The guest's code and the address it writes: one host page of memory at
# 1 MiB (a multiple of 4K, 16K and 64K pages), the write at 32 MiB.
ARM64_CODE_AT = 0x100000
ARM64_MMIO_AT = 0x2000000
ARM64_CODE = (
    0xD2800840,  # movz x0, #0x42
    0xD2A04001,  # movz x1, #0x200, lsl #16   (x1 = 0x2000000)
    0x39000020,  # strb w0, [x1]
    0x14000000,  # b .
)


def run_arm64(vm, size):
    page = mmap.PAGESIZE
    mem = mmap.mmap(-1, page)
    mem[0:16] = struct.pack("<4I", *ARM64_CODE)
    addr = ctypes.addressof(ctypes.c_char.from_buffer(mem))
    region = struct.pack("IIQQQ", 0, 0, ARM64_CODE_AT, page, addr)
    fcntl.ioctl(vm, KVM_SET_USER_MEMORY_REGION, region)
    vcpu = fcntl.ioctl(vm, KVM_CREATE_VCPU, 0)
    # The vCPU runs only once initialised as the CPU type KVM prefers
    # (its reset state: EL1h, interrupts masked, MMU off).
    init = bytearray(32)
    fcntl.ioctl(vm, KVM_ARM_PREFERRED_TARGET, init)
    fcntl.ioctl(vcpu, KVM_ARM_VCPU_INIT, bytes(init))
    pc = struct.pack("Q", ARM64_CODE_AT)
    pc_buf = ctypes.create_string_buffer(pc, len(pc))
    fcntl.ioctl(vcpu, KVM_SET_ONE_REG, struct.pack("QQ", ARM64_CORE_REG_PC, ctypes.addressof(pc_buf)))
    run = mmap.mmap(vcpu, size, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
    fcntl.ioctl(vcpu, KVM_RUN, 0)
    exit_reason = struct.unpack_from("I", run, 8)[0]
    if exit_reason != KVM_EXIT_MMIO:
        why("KVM_RUN exited with reason %d, not the MMIO write (%d)" % (exit_reason, KVM_EXIT_MMIO))
        return 1
    # kvm_run.mmio: phys_addr, data[8], len, is_write
    phys, data, length, is_write = struct.unpack_from("Q8sIB", run, 32)
    if (phys, data[0], length, is_write) != (ARM64_MMIO_AT, 0x42, 1, 1):
        why("the guest's MMIO exit was %s %d byte(s) 0x%x at 0x%x, not a 1-byte write of 0x42 at 0x%x"
            % ("a write of" if is_write else "a read of", length, data[0], phys, ARM64_MMIO_AT))
        return 1
    return 0


def why(text):
    if "--why" in sys.argv[1:]:
        print("kvm-works: " + text, file=sys.stderr)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as e:
        why("/dev/kvm: " + str(e))
        sys.exit(1)
