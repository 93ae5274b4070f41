//! The module's allocator: power-of-two size classes, each with its free list.
//!
//! A call into the module allocates a handful of blocks (the body, the parsed tree, the answer)
//! and frees them all before the next call; a few blocks live on (wasm-bindgen's table of JS
//! values). Size classes suit that: a block is rounded up to a power of two, freeing it pushes it
//! on its class's list, and the next request of that class pops it, so every call after the
//! first reuses the same memory. Blocks are never split or merged: memory grows to the largest
//! mix of blocks a call has needed (bodies are capped by `maxBytes`) and no further.
//! `tests/js/hostile.test.mjs` holds that over mixed calls, errors included.
//! A general-purpose allocator (`dlmalloc`) spent a tenth of a parse on bookkeeping this never
//! needs, and weighed 2 KB of the compressed module.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::Cell;

const PAGE: usize = 65_536;
/// The smallest block: room for the free-list link, and the alignment every block gets.
const MIN: usize = 8;
/// Classes 2^3 ..= 2^31 bytes.
const CLASSES: usize = 29;

/// See the module documentation.
pub struct Heap {
    /// The first free byte never handed out (0 before first use).
    next: Cell<usize>,
    /// The end of linear memory as grown so far.
    end: Cell<usize>,
    /// The head of each class's free list (0: empty); a free block holds the next one's address.
    free: [Cell<usize>; CLASSES],
}

// SAFETY: wasm32-unknown-unknown without the `atomics` feature runs one thread, so the cells are
// never touched concurrently.
unsafe impl Sync for Heap {}

/// The class of a block of `size` bytes, and that class's block size.
fn class_of(size: usize) -> Option<(usize, usize)> {
    let block = size.max(MIN).checked_next_power_of_two()?;
    let class = block.trailing_zeros() as usize - MIN.trailing_zeros() as usize;
    (class < CLASSES).then_some((class, block))
}

impl Heap {
    /// An allocator that claims memory on first use.
    pub const fn new() -> Self {
        Heap {
            next: Cell::new(0),
            end: Cell::new(0),
            free: [const { Cell::new(0) }; CLASSES],
        }
    }

    /// A fresh block from the end of the used memory, growing memory when needed.
    fn fresh(&self, block: usize, align: usize) -> Option<usize> {
        if self.next.get() == 0 {
            let base = wasm32::memory_size(0) * PAGE;
            self.next.set(base);
            self.end.set(base);
        }
        let align = align.max(MIN);
        let at = self.next.get().checked_add(align - 1)? & !(align - 1);
        let top = at.checked_add(block)?;
        if top > self.end.get() {
            let pages = (top - self.end.get()).div_ceil(PAGE);
            if wasm32::memory_grow(0, pages) == usize::MAX {
                return None;
            }
            self.end.set(self.end.get() + pages * PAGE);
        }
        self.next.set(top);
        Some(at)
    }
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

// SAFETY: every block handed out is `block` bytes of memory below `end` (memory that exists),
// aligned as asked, and belongs to one owner at a time: it is either on no list (handed out) or
// on its class's free list (freed), never both.
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some((class, block)) = class_of(layout.size()) else {
            return core::ptr::null_mut();
        };
        let Some(head) = self.free.get(class) else {
            return core::ptr::null_mut();
        };
        let at = head.get();
        if at != 0 && at % layout.align() == 0 {
            // SAFETY: `at` is a freed block of this class, which holds the next link.
            head.set(unsafe { (at as *const usize).read() });
            return at as *mut u8;
        }
        match self.fresh(block, layout.align()) {
            Some(at) => at as *mut u8,
            None => core::ptr::null_mut(),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(head) = class_of(layout.size()).and_then(|(class, _)| self.free.get(class)) else {
            return;
        };
        // SAFETY: the block is at least `MIN` bytes, 8-aligned, and ours again: it can hold the
        // link to the previous head.
        unsafe { (ptr as *mut usize).write(head.get()) };
        head.set(ptr as usize);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let same_class = matches!(
            (class_of(layout.size()), class_of(new_size)),
            (Some((a, _)), Some((b, _))) if a == b
        );
        if same_class {
            return ptr; // the block already has room
        }
        // SAFETY: `layout.align()` is a valid alignment, and `new_size` rounded up to it does not
        // overflow (the caller guarantees both, per `GlobalAlloc::realloc`).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as `alloc` and `dealloc`; the blocks are disjoint, and the copy is the smaller
        // of the two sizes.
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}
