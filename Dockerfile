# canarykit: `canary up` as a non-root user, with Debian's Chromium. Redis comes from REDIS_URL.
#   docker build -t canarykit .
#   docker run --rm -e REDIS_URL=redis://redis:6379 -v $PWD:/project -w /project -p 8080:8080 -p 5353:5353/udp canarykit
FROM node:22-bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive \
    PUPPETEER_SKIP_DOWNLOAD=1 \
    CHROME_PATH=/usr/bin/chromium \
    NODE_ENV=production

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/canarykit
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY . .
# Config and canary files in /project `import ... from 'canarykit'`: resolve it to this install.
ENV NODE_PATH=/opt/canarykit/node_modules
RUN ln -s /opt/canarykit /opt/canarykit/node_modules/canarykit \
 && ln -s /opt/canarykit/bin/canary.js /usr/local/bin/canary \
 && useradd --create-home --uid 10001 canary \
 && mkdir -p /project && chown canary:canary /project

USER canary
WORKDIR /project
# The API and DNS server must listen beyond loopback inside a container: set api.host / dns.listen.host to 0.0.0.0.
EXPOSE 8080 5353/udp 5353/tcp
ENTRYPOINT ["/usr/bin/tini", "--", "canary"]
CMD ["up"]
