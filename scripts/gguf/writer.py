# Jig's GGUF writer for Python: version 3 files with metadata and F32/F16 tensors, enough for
# llama.cpp (and so wllama) to load the layout model that scripts/train/train.py exports.
import struct

import numpy as np

ALIGN = 32
U32, I32, F32, BOOL, STRING, ARRAY = 4, 5, 6, 7, 8, 9
GGML_F32, GGML_F16 = 0, 1


class GgufWriter:
    def __init__(self):
        self.meta = []
        self.tensors = []

    def add(self, key, vtype, value, item_type=None):
        self.meta.append((key, vtype, value, item_type))

    def tensor(self, name, array, f16=False):
        """array in PyTorch's layout (out, in); GGUF lists dimensions innermost first."""
        a = np.ascontiguousarray(array, dtype=np.float16 if f16 else np.float32)
        self.tensors.append((name, a, GGML_F16 if f16 else GGML_F32))

    @staticmethod
    def _str(s):
        b = s.encode('utf-8')
        return struct.pack('<Q', len(b)) + b

    def _value(self, vtype, v, item_type=None):
        if vtype == U32:
            return struct.pack('<I', v)
        if vtype == I32:
            return struct.pack('<i', v)
        if vtype == F32:
            return struct.pack('<f', v)
        if vtype == BOOL:
            return struct.pack('<B', 1 if v else 0)
        if vtype == STRING:
            return self._str(v)
        if vtype == ARRAY:
            return struct.pack('<IQ', item_type, len(v)) + b''.join(self._value(item_type, x) for x in v)
        raise ValueError('unknown GGUF type %d' % vtype)

    def to_bytes(self):
        out = bytearray(b'GGUF')
        out += struct.pack('<IQQ', 3, len(self.tensors), len(self.meta) + 1)
        out += self._str('general.alignment') + struct.pack('<I', U32) + struct.pack('<I', ALIGN)
        for key, vtype, value, item_type in self.meta:
            out += self._str(key) + struct.pack('<I', vtype) + self._value(vtype, value, item_type)
        offset = 0
        datas = []
        for name, a, gtype in self.tensors:
            dims = list(reversed(a.shape))
            out += self._str(name) + struct.pack('<I', len(dims)) + b''.join(struct.pack('<Q', d) for d in dims)
            out += struct.pack('<IQ', gtype, offset)
            data = a.tobytes()
            datas.append(data)
            offset += len(data) + (-len(data)) % ALIGN
        out += b'\x00' * ((-len(out)) % ALIGN)
        for data in datas:
            out += data + b'\x00' * ((-len(data)) % ALIGN)
        return bytes(out)
