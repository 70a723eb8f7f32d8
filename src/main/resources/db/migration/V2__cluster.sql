-- Several instances on one database: who is alive, and who runs each cluster-singleton worker.
CREATE TABLE instances (
    id            VARCHAR(200)             PRIMARY KEY,
    host          VARCHAR(200)             NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE singleton_leases (
    name          VARCHAR(100)             PRIMARY KEY,
    owner         VARCHAR(200)             NOT NULL,
    acquired_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
