# syntax=docker/dockerfile:1-labs
FROM alpine
RUN --device=name=nvidia.com/gpu=all,required nvidia-smi
