//! Positioned I/O over whatever holds a META partition: a file, a block device, or memory.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

/// Positioned reads and writes with an explicit durability point.
///
/// [`crate::Meta::write_to`] relies on `sync` returning only once earlier writes are
/// durable; that is what makes its two-copy write order crash-safe.
pub trait BlockIo {
    /// Total size in bytes.
    fn size(&mut self) -> io::Result<u64>;
    /// Fills `buf` from `offset`; a short read is an error.
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()>;
    /// Writes all of `data` at `offset`.
    fn write_at(&mut self, offset: u64, data: &[u8]) -> io::Result<()>;
    /// Makes every earlier write durable.
    fn sync(&mut self) -> io::Result<()>;
}

impl BlockIo for File {
    fn size(&mut self) -> io::Result<u64> {
        // Seeking works for block devices too, where metadata().len() is 0.
        self.seek(SeekFrom::End(0))
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        self.seek(SeekFrom::Start(offset))?;
        self.read_exact(buf)
    }

    fn write_at(&mut self, offset: u64, data: &[u8]) -> io::Result<()> {
        self.seek(SeekFrom::Start(offset))?;
        self.write_all(data)
    }

    fn sync(&mut self) -> io::Result<()> {
        self.sync_data()
    }
}

/// A fixed-size in-memory device: writes past the end fail instead of growing it.
///
/// ```
/// use talos_meta::{BlockIo, MemoryIo};
/// let mut io = MemoryIo(vec![0; 4]);
/// io.write_at(1, b"ab")?;
/// assert_eq!(io.0, b"\0ab\0");
/// assert!(io.write_at(3, b"ab").is_err());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryIo(pub Vec<u8>);

impl MemoryIo {
    fn range(&self, offset: u64, len: usize) -> io::Result<std::ops::Range<usize>> {
        usize::try_from(offset)
            .ok()
            .and_then(|start| Some(start..start.checked_add(len)?))
            .filter(|range| range.end <= self.0.len())
            .ok_or_else(|| {
                io::Error::new(io::ErrorKind::UnexpectedEof, "beyond the end of the device")
            })
    }
}

impl BlockIo for MemoryIo {
    fn size(&mut self) -> io::Result<u64> {
        Ok(self.0.len() as u64)
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let range = self.range(offset, buf.len())?;
        buf.copy_from_slice(&self.0[range]);
        Ok(())
    }

    fn write_at(&mut self, offset: u64, data: &[u8]) -> io::Result<()> {
        let range = self.range(offset, data.len())?;
        self.0[range].copy_from_slice(data);
        Ok(())
    }

    fn sync(&mut self) -> io::Result<()> {
        Ok(())
    }
}
