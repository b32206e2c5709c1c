#!/usr/bin/python3
"""TorchScript fixtures for FERLab's tests, written by PyTorch itself (Debian's
python3-torch), and PyTorch's own answers for them.

  torchscript_fixtures.py models OUT_DIR
      writes the good and the bad modules the tests load (see MODELS below)
  torchscript_fixtures.py predict MODEL.pt FACES.u8 N OUT.f32 [SIZE CHANNELS MEAN STD]
      N x 48 x 48 uint8 faces -> N x K float32 logits, as PyTorch computes them
  torchscript_fixtures.py ferlab_cnn CNN.safetensors OUT.pt
      FERLab's cnn written in PyTorch with the weights FERLab trained, exported
      with its card (OUT.json): the pair that shows a loaded module runs as the
      network built from FERLab's own code does
  torchscript_fixtures.py gradcam MODEL.pt FACE.u8 CLASS OUT.f32
      Grad-CAM of one 48 x 48 face at forward_features, by its definition:
      weights = spatial mean of d logit[CLASS] / d A, map = ReLU(sum_k w_k A_k),
      h x w float32
"""
import json
import pickle
import struct
import sys
import zipfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class SmallCnn(nn.Module):
    """A FER-2013 network as its repositories write them, with timm's split."""

    def __init__(self, classes=7):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(32)
        self.conv3 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc = nn.Linear(64, classes)

    @torch.jit.export
    def forward_features(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        return F.relu(self.conv3(x))

    @torch.jit.export
    def forward_head(self, x):
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))

    def forward(self, x):
        return self.forward_head(self.forward_features(x))


def randomise_batchnorm(module):
    # Non-trivial running statistics, so that eval mode matters.
    for m in module.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
    return module.eval()


def sequential_ferplus():
    """3 x 64 x 64 input, FER+'s eight classes in FER+'s order."""
    return randomise_batchnorm(nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 8)))


class Plain(nn.Module):
    """Logits only: no layer to explain."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(48 * 48, 7)

    def forward(self, x):
        return self.fc(torch.flatten(x, 1))


class ReturnsTuple(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3)).repeat(1, 7), x.sum()


class FiveClasses(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3)).repeat(1, 5)


class ReturnsNan(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3)).repeat(1, 7) * float("nan")


class BatchOfOne(nn.Module):
    def forward(self, x):
        return x.reshape(1, -1)[:, :7]


class Rgb224(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 7, 7, stride=32)

    def forward(self, x):
        return self.conv(x).reshape(x.shape[0], 7, 49).mean(2)


def save_newer_format(source, path, version=99):
    """A copy of `source` that claims a file format newer than LibTorch 1.13 reads."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith("/version"):
                data = f"{version}\n".encode()
            dst.writestr(item, data)


def save_newer_operator(source, path):
    """A copy of `source` whose code calls an operator that LibTorch 1.13 does not have."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith("code/__torch__.py"):
                data = data.replace(b"torch.flatten(", b"torch.flatten_from_the_future(", 1)
            dst.writestr(item, data)


def models(out):
    cnn = randomise_batchnorm(SmallCnn())
    torch.jit.save(torch.jit.script(cnn), f"{out}/scripted_cnn.pt")
    seq = sequential_ferplus()
    torch.jit.save(torch.jit.trace(seq, torch.rand(2, 3, 64, 64)), f"{out}/traced_ferplus.pt")
    with open(f"{out}/traced_ferplus.json", "w") as card:
        card.write('{"classes": ["neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", '
                   '"contempt"], "input_size": 64, "channels": 3, "normalization": {"mean": 0.5, "std": 0.25}}\n')
    torch.jit.save(torch.jit.script(Plain().eval()), f"{out}/plain.pt")
    torch.jit.save(torch.jit.script(randomise_batchnorm(SmallCnn(classes=6))), f"{out}/six_classes.pt")
    with open(f"{out}/six_classes.json", "w") as card:
        card.write('{"classes": ["angry", "disgust", "fear", "happy", "sad", "surprise"]}\n')
    torch.jit.save(torch.jit.script(ReturnsTuple()), f"{out}/tuple.pt")
    torch.jit.save(torch.jit.script(FiveClasses()), f"{out}/five_classes.pt")
    torch.jit.save(torch.jit.script(ReturnsNan()), f"{out}/nan.pt")
    torch.jit.save(torch.jit.script(BatchOfOne()), f"{out}/batch_of_one.pt")
    torch.jit.save(torch.jit.script(Rgb224()), f"{out}/rgb224.pt")
    torch.save(cnn.state_dict(), f"{out}/state_dict.pt")
    with open(f"{out}/pickle.pt", "wb") as f:
        pickle.dump({"weights": [1.0, 2.0]}, f)
    save_newer_format(f"{out}/scripted_cnn.pt", f"{out}/newer_format.pt")
    save_newer_operator(f"{out}/scripted_cnn.pt", f"{out}/newer_operator.pt")
    data = open(f"{out}/scripted_cnn.pt", "rb").read()
    with open(f"{out}/truncated.pt", "wb") as f:
        f.write(data[: len(data) // 2])


class VggBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(cout)

    def forward(self, x):
        return F.relu(self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))))


class FerlabCnn(nn.Module):
    """src/models/cnn.cpp in PyTorch, its submodules named alike."""

    def __init__(self):
        super().__init__()
        self.block1, self.block2, self.block3 = VggBlock(1, 32), VggBlock(32, 64), VggBlock(64, 128)
        self.fc1 = nn.Linear(128 * 6 * 6, 256)
        self.bn_fc1 = nn.BatchNorm1d(256)
        self.fc2 = nn.Linear(256, 7)

    @torch.jit.export
    def forward_features(self, x):
        return self.block3(F.max_pool2d(self.block2(F.max_pool2d(self.block1(x), 2)), 2))

    @torch.jit.export
    def forward_head(self, features):
        return self.fc2(F.relu(self.bn_fc1(self.fc1(torch.flatten(F.max_pool2d(features, 2), 1)))))

    def forward(self, x):
        return self.forward_head(self.forward_features(x))


def read_safetensors(path):
    with open(path, "rb") as f:
        header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))
        data = f.read()
    dtypes = {"F16": np.float16, "F32": np.float32, "I64": np.int64}
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=dtypes[info["dtype"]]).reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.astype(np.int64 if info["dtype"] == "I64" else np.float32))
    return tensors


def ferlab_cnn(weights, out):
    cnn = FerlabCnn()
    cnn.load_state_dict(read_safetensors(weights))
    torch.jit.save(torch.jit.script(cnn.eval()), out)
    card = json.load(open(weights[: -len(".safetensors")] + ".json"))
    with open(out[: -len(".pt")] + ".json", "w") as f:
        json.dump({"name": "cnn-from-pytorch", "normalization": card["normalization"],
                   "calibration": card.get("calibration")}, f, indent=2)


def faces(path, n):
    return torch.from_numpy(np.fromfile(path, dtype=np.uint8)[: n * 48 * 48].reshape(n, 1, 48, 48).astype(np.float32))


def predict(model_path, faces_path, n, out, size=48, channels=1, mean=0.0, std=1.0):
    model = torch.jit.load(model_path).eval()
    x = (faces(faces_path, n) / 255.0 - mean) / std
    if size != 48:
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    x = x.expand(-1, channels, -1, -1)
    with torch.no_grad():
        model(x).numpy().astype(np.float32).tofile(out)


def gradcam(model_path, face_path, target, out):
    model = torch.jit.load(model_path).eval()
    x = faces(face_path, 1) / 255.0
    features = model.forward_features(x).detach().requires_grad_(True)
    score = model.forward_head(features)[0, target]
    (grads,) = torch.autograd.grad(score, features)
    weights = grads.mean(dim=(2, 3), keepdim=True)
    F.relu((weights * features).sum(1))[0].detach().numpy().astype(np.float32).tofile(out)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "models":
        models(args[0])
    elif command == "predict":
        extra = [int(args[4]), int(args[5]), float(args[6]), float(args[7])] if len(args) > 4 else []
        predict(args[0], args[1], int(args[2]), args[3], *extra)
    elif command == "ferlab_cnn":
        ferlab_cnn(args[0], args[1])
    elif command == "gradcam":
        gradcam(args[0], args[1], int(args[2]), args[3])
    else:
        sys.exit(f"unknown command {command}")
