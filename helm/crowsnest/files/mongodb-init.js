// Crowsnest MongoDB init (run by mongosh --nodb in the mongodb-init Job, a Helm post-install and
// post-upgrade hook). Idempotent, so it runs on every install and upgrade:
//   1. waits until every replica set member answers (as the root user);
//   2. initiates the replica set with the first member, then adds the members it lacks (one at a
//      time, on first install and after a scale-up);
//   3. creates or updates one user per service, allowed readWrite on that service's database only.
// Settings come from the environment: MONGO_HOSTS (host:port,...), MONGO_REPLICA_SET,
// MONGO_ROOT_USER, MONGO_ROOT_PASSWORD, WAIT_SECONDS, CROWSNEST_MONGODB_USERS (JSON list of
// {user, db, passwordEnv}) and the password variables it names.
const env = process.env;
const hosts = env.MONGO_HOSTS.split(',');
const replicaSet = env.MONGO_REPLICA_SET;
const credentials = encodeURIComponent(env.MONGO_ROOT_USER) + ':' + encodeURIComponent(env.MONGO_ROOT_PASSWORD);
const deadline = Date.now() + Number(env.WAIT_SECONDS || '300') * 1000;

function log(message) {
  print('[mongodb-init] ' + message);
}

// One connection per member, opened on first successful use (the driver reconnects by itself).
const connections = {};
function adminDb(host) {
  if (!connections[host]) {
    connections[host] = new Mongo('mongodb://' + credentials + '@' + host + '/admin?directConnection=true'
        + '&authSource=admin&serverSelectionTimeoutMS=5000&connectTimeoutMS=5000').getDB('admin');
  }
  return connections[host];
}

// runCommand that reports command errors as {ok: 0, code, errmsg} instead of throwing.
function command(db, cmd) {
  try {
    return db.runCommand(cmd);
  } catch (e) {
    return { ok: 0, code: e.code, codeName: e.codeName, errmsg: e.message };
  }
}

// Retries attempt() until it returns a truthy value or the deadline passes (then exits 1).
function until(what, attempt) {
  for (;;) {
    try {
      const result = attempt();
      if (result) {
        return result;
      }
      log('waiting for ' + what);
    } catch (e) {
      log('waiting for ' + what + ': ' + e.message);
    }
    if (Date.now() > deadline) {
      log('gave up waiting for ' + what);
      quit(1);
    }
    sleep(3000);
  }
}

hosts.forEach(function (host) {
  until('member ' + host, function () {
    return adminDb(host).runCommand({ ping: 1 }).ok === 1;
  });
});

const status = command(adminDb(hosts[0]), { replSetGetStatus: 1 });
if (status.ok !== 1) {
  if (status.code !== 94) { // NotYetInitialized
    log('replSetGetStatus failed: ' + status.errmsg);
    quit(1);
  }
  // With the first member only: the others already hold data (the root user their entrypoint
  // created), which replSetInitiate refuses; added below, they drop it in their initial sync.
  log('initiating replica set ' + replicaSet + ' with ' + hosts[0]);
  const initiated = command(adminDb(hosts[0]), { replSetInitiate: { _id: replicaSet, members: [{ _id: 0, host: hosts[0] }] } });
  if (initiated.ok !== 1 && initiated.code !== 23) { // AlreadyInitialized
    log('replSetInitiate failed: ' + initiated.errmsg);
    quit(1);
  }
}

const primaryHost = until('a primary', function () {
  const hello = command(adminDb(hosts[0]), { hello: 1 });
  return hello.ok === 1 && hello.primary;
});
log('primary is ' + primaryHost);
const primary = adminDb(primaryHost);

// Add the members the config lacks, one at a time (one voting member per reconfig).
hosts.forEach(function (host) {
  until('member ' + host + ' in the replica set config', function () {
    const current = command(primary, { replSetGetConfig: 1 });
    if (current.ok !== 1) {
      throw new Error(current.errmsg);
    }
    const config = current.config;
    if (config.members.some(function (m) { return m.host === host; })) {
      return true;
    }
    const nextId = Math.max.apply(null, config.members.map(function (m) { return m._id; })) + 1;
    config.members.push({ _id: nextId, host: host });
    config.version = config.version + 1;
    const reconfigured = command(primary, { replSetReconfig: config });
    if (reconfigured.ok !== 1) {
      throw new Error(reconfigured.errmsg);
    }
    log('added member ' + host);
    return true;
  });
});

JSON.parse(env.CROWSNEST_MONGODB_USERS).forEach(function (user) {
  const password = env[user.passwordEnv];
  if (!password) {
    log('no password in ' + user.passwordEnv + ' for user ' + user.user);
    quit(1);
  }
  const db = primary.getSiblingDB(user.db);
  const roles = [{ role: 'readWrite', db: user.db }];
  const existing = command(db, { usersInfo: user.user });
  const exists = existing.ok === 1 && existing.users.length > 0;
  const result = exists
    ? command(db, { updateUser: user.user, pwd: password, roles: roles, writeConcern: { w: 'majority' } })
    : command(db, { createUser: user.user, pwd: password, roles: roles, writeConcern: { w: 'majority' } });
  if (result.ok !== 1) {
    log((exists ? 'updateUser ' : 'createUser ') + user.user + ' failed: ' + result.errmsg);
    quit(1);
  }
  log((exists ? 'updated' : 'created') + ' user ' + user.user + ': readWrite on database ' + user.db + ' only');
});
log('done');
