FROM alpine
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d --link https://example.com/a.tar.gz /
ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.12.5 /buildkit
ADD --keep-git-dir git@github.com:user/repo.git /repo
ADD --unpack=true --chmod=0644 archive.tar.gz /x/
