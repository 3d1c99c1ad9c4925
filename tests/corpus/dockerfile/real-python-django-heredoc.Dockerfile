# syntax=docker/dockerfile:1.4
FROM python:3.11-alpine
WORKDIR /code
COPY requirements.txt /code
RUN --mount=type=cache,target=/root/.cache/pip \
    pip3 install -r requirements.txt
COPY . .
COPY <<EOF /code/entrypoint.sh
#!/bin/sh
python3 manage.py migrate --noinput
exec "\$@"
EOF
RUN chmod +x /code/entrypoint.sh
ENTRYPOINT ["/code/entrypoint.sh"]
CMD ["python3", "manage.py", "runserver", "0.0.0.0:8000"]
