# syntax=docker/dockerfile:1
# Build: docker build -t longhaul .    Run: docker run -p 8080:8080 -v longhaul-data:/app/data -e ... longhaul
# (production mode: give users and an SMTP server, see LONGHAUL_DEV_MODE below)
# The layout below (extracted layers copied in this order, this ENTRYPOINT) is started and probed by
# src/test/java/dev/longhaul/DockerImageLayoutIT.java on every `./mvnw verify`, since CI has no Docker engine.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q package -DskipTests \
    && java -Djarmode=tools -jar target/longhaul.jar extract --layers --destination extracted

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin longhaul \
    && mkdir -p /app/data && chown longhaul /app/data
WORKDIR /app
# Least-changing layers first, so a code change rebuilds only the last one.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
USER 10001
# The embedded H2 database lives here unless SPRING_DATASOURCE_URL points elsewhere.
VOLUME /app/data
EXPOSE 8080
# Size the heap from the container's memory limit, and let the platform restart a JVM that ran out of it.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Production mode: development mode (longhaul.dev-mode) is off, so the image starts only with users
# (LONGHAUL_SECURITY_USERS_0_NAME, _PASSWORD as a bcrypt hash, _ROLE) and an SMTP server (SPRING_MAIL_HOST, _PORT,
# _USERNAME, _PASSWORD); it never generates an admin password nor catches mail in memory. To try the image on a
# laptop: docker run -e LONGHAUL_DEV_MODE=true -p 8080:8080 longhaul
ENV LONGHAUL_DEV_MODE=false
# Liveness only: it never depends on the database or SMTP (see README, "Health"). Kubernetes: probe /livez and /readyz.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /livez HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "longhaul.jar"]
