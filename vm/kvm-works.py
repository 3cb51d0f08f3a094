#!/usr/bin/env python3
"""Exit 0 when KVM really runs guest code with hardware assistance, 1 otherwise.

Opening /dev/kvm, or even creating a VM, is not proof: on some hosts the
device exists and the guest never runs.  This runs five bytes of real-mode
code (mov al, 0x42; out 0x10, al; hlt) and expects the port write back.
Nor is that enough: /dev/kvm can be backed by kvm_pvm (a paravirtual
KVM that runs only kernels built as PVM guests: the five bytes run by
emulation, a stock kernel never boots).  So the backend must also be a
hardware one, kvm_intel or kvm_amd.
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


def backend():
    """Which module backs /dev/kvm (a built-in one with parameters shows too)."""
    for name in ("kvm_intel", "kvm_amd", "kvm_pvm"):
        if os.path.isdir("/sys/module/" + name):
            return name
    return None


def main():
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
    mem = mmap.mmap(-1, 0x2000)
    mem[0x1000:0x1005] = bytes([0xB0, 0x42, 0xE6, 0x10, 0xF4])
    addr = ctypes.addressof(ctypes.c_char.from_buffer(mem))
    region = struct.pack("IIQQQ", 0, 0, 0, 0x2000, addr)
    fcntl.ioctl(vm, KVM_SET_USER_MEMORY_REGION, region)
    vcpu = fcntl.ioctl(vm, KVM_CREATE_VCPU, 0)
    size = fcntl.ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE)
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


def why(text):
    if "--why" in sys.argv[1:]:
        print("kvm-works: " + text, file=sys.stderr)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as e:
        why("/dev/kvm: " + str(e))
        sys.exit(1)
