# gitops-sync's Ansible callback: writes each task result on each host, then the run's end, as one JSON
# object per line (schema gitops-sync/ansible-result@1) to the file named by GITOPS_SYNC_ANSIBLE_RESULTS
# (or ANSIBLE_GITOPS_SYNC_RESULTS).
# A notification callback: it runs beside the stdout callback, which keeps printing as usual.
# gitops-sync installs it for `drift` and drift-detect; to run it yourself:
#   ANSIBLE_CALLBACK_PLUGINS=<folder of this file> ANSIBLE_CALLBACKS_ENABLED=gitops_sync \
#   GITOPS_SYNC_ANSIBLE_RESULTS=results.jsonl ansible-playbook --check --diff -i inventory site.yml
# Nothing of a no_log task (its arguments, diff, message) is written, and the decrypted text of vaulted variables
# (inline !vault values, and the string values of vault-encrypted vars files: group_vars, host_vars, vars_files)
# is written as ******** wherever it would appear.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = '''
    name: gitops_sync
    type: notification
    short_description: task results as JSON lines for gitops-sync drift detection
    description:
      - Writes one JSON object per task result per host, then an end line with the play recap, to the
        file named by the environment variable GITOPS_SYNC_ANSIBLE_RESULTS.
    requirements:
      - enable it with ANSIBLE_CALLBACKS_ENABLED=gitops_sync (callbacks_enabled in ansible.cfg)
'''

import json
import os

from ansible.parsing.ajson import AnsibleJSONEncoder
from ansible.parsing.vault import is_encrypted_file
from ansible.parsing.yaml.objects import AnsibleVaultEncryptedUnicode
from ansible.playbook.block import Block
from ansible.plugins.callback import CallbackBase

SCHEMA = 'gitops-sync/ansible-result@1'
# gitops-sync sets the first (it keeps GITOPS_SYNC_* variables from the tools it runs); the second is for runs by hand.
RESULTS_ENV = ('ANSIBLE_GITOPS_SYNC_RESULTS', 'GITOPS_SYNC_ANSIBLE_RESULTS')

# The module arguments that name the resource a task manages (gitops-sync's ANSIBLE_IDENTIFYING_ARGS),
# `state`, and `src` (a link's target, LINK_TARGET_ARG); no other argument is written: arguments can hold secrets.
WRITTEN_ARGS = frozenset([
    'path', 'dest', 'destfile', 'name', 'file', 'pkg', 'package', 'deb', 'requirements', 'repo', 'id', 'url', 'key',
    'dev', 'vg', 'lv', 'user', 'domain', 'target', 'ports', 'policy', 'service', 'port', 'rich_rule', 'source',
    'interface', 'zone', 'chain', 'rule', 'state', 'src',
])


def _scalar(value):
    return isinstance(value, (str, int, float, bool))


def _written_args(args):
    written = {}
    for name, value in (args or {}).items():
        if name not in WRITTEN_ARGS:
            continue
        values = value if isinstance(value, list) else [value]
        # An argument still holding a template ({{ … }}) is not what the module was given.
        if all(_scalar(item) and '{{' not in str(item) for item in values) and values:
            written[name] = value
    return written


# Ansible's own mark for a value it censored; gitops-sync shows a field holding it as (sensitive).
CENSORED = '********'


def _vaulted_values(value, found, seen):
    """The decrypted text of every inline-vaulted (!vault) variable under value."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, AnsibleVaultEncryptedUnicode):
        try:
            text = str(value)
        except Exception:  # a vault this run has no password for: its text cannot appear either
            return
        if text:
            found.add(text)
    elif isinstance(value, dict):
        for item in value.values():
            _vaulted_values(item, found, seen)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _vaulted_values(item, found, seen)


def _strings(value, found):
    if isinstance(value, str):
        if value:
            found.add(str(value))
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _strings(item, found)


def _is_vault_file(path):
    try:
        with open(path, 'rb') as handle:
            return is_encrypted_file(handle)
    except (OSError, TypeError, ValueError):
        return False


def _censored(value, secrets):
    """value with every vaulted text in it replaced by Ansible's censor mark."""
    if not secrets:
        return value
    if isinstance(value, str):
        for secret in secrets:
            if secret in value:
                value = value.replace(secret, CENSORED)
        return value
    if isinstance(value, dict):
        return dict((key, _censored(item, secrets)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_censored(item, secrets) for item in value]
    return value


def _in_rescued_block(task):
    parent = getattr(task, '_parent', None)
    while parent is not None:
        if isinstance(parent, Block) and parent.rescue:
            return True
        parent = getattr(parent, '_parent', None)
    return False


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'notification'
    CALLBACK_NAME = 'gitops_sync'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, display=None):
        super(CallbackModule, self).__init__(display=display)
        self._out = None
        self._play = None
        self._vaulted = {}
        self._vault_files = {}
        self._included_secrets = {}
        path = next((os.environ[name] for name in RESULTS_ENV if os.environ.get(name)), None)
        if not path:
            # Without its file the run writes no end line, which gitops-sync refuses: nothing is misread.
            self._display.warning('gitops_sync callback: %s is not set, so no results are written.' % RESULTS_ENV[1])
            return
        self._out = open(path, 'w', encoding='utf-8')

    def _write(self, record):
        if self._out is None:
            return
        self._out.write(json.dumps(record, cls=AnsibleJSONEncoder, ensure_ascii=False, separators=(',', ':')) + '\n')
        self._out.flush()

    def v2_playbook_on_play_start(self, play):
        self._play = play
        self._vaulted = {}

    def _vaulted_for(self, host):
        """The decrypted values of the host's inline-vaulted variables, once per host and play."""
        name = host.get_name()
        if name not in self._vaulted:
            found = set()
            manager = self._play.get_variable_manager() if self._play is not None else None
            if manager is not None:
                _vaulted_values(manager.get_vars(play=self._play, host=host), found, set())
                # A vars file encrypted whole is decrypted into plain strings: its values are found by the file.
                for path, data in list(getattr(getattr(manager, '_loader', None), '_FILE_CACHE', {}).items()):
                    if path not in self._vault_files:
                        self._vault_files[path] = _is_vault_file(path)
                    if self._vault_files[path]:
                        _strings(data, found)
            found.update(self._included_secrets.get(name, ()))
            self._vaulted[name] = sorted(found, key=len, reverse=True)
        return self._vaulted[name]

    def _remember_included_secrets(self, name):
        """include_vars hid what it read (a vault file): every value it may have set on the host is a secret."""
        manager = self._play.get_variable_manager() if self._play is not None else None
        included = getattr(manager, '_vars_cache', None) or {}
        _strings(included.get(name, {}), self._included_secrets.setdefault(name, set()))
        self._vaulted.pop(name, None)

    def _record(self, result, status, ignored=False):
        task = result._task
        res = result._result if isinstance(result._result, dict) else {}
        # Ansible hands callbacks {"censored": …} for a result it hid, also when the module hid it (include_vars of a vault file).
        censored = 'censored' in res
        no_log = bool(res.get('_ansible_no_log')) or bool(getattr(task, 'no_log', False)) or censored
        module = getattr(task, 'resolved_action', None) or task.action
        if censored and module.rsplit('.', 1)[-1] == 'include_vars':
            self._remember_included_secrets(result._host.get_name())
        record = {
            'schema': SCHEMA,
            'host': result._host.get_name(),
            'task': task.get_name(),
            'module': module,
            'status': 'changed' if status == 'ok' and res.get('changed') else status,
            'changed': bool(res.get('changed')) and status == 'ok',
            'no_log': no_log,
        }
        if ignored:
            record['ignored'] = True
        if not no_log:
            vaulted = self._vaulted_for(result._host)
            invocation = res.get('invocation')
            args = invocation.get('module_args') if isinstance(invocation, dict) else None
            written = _written_args(args if isinstance(args, dict) else task.args)
            if not written and isinstance(args, dict):
                written = _written_args(task.args)
            if written:
                record['args'] = _censored(written, vaulted)
            diff = res.get('diff')
            if isinstance(diff, (dict, list)) and diff:
                record['diff'] = _censored(diff, vaulted)
            message = res.get('msg') or res.get('stderr') or res.get('module_stderr')
            if status in ('failed', 'unreachable') and message:
                record['message'] = _censored(str(message), vaulted)
        self._write(record)

    def _is_loop(self, result):
        return isinstance(result._result, dict) and isinstance(result._result.get('results'), list)

    # A loop reports each item (v2_runner_item_*), then the task as a whole with the items under `results`:
    # the items are written, the whole only when it failed.
    def v2_runner_on_ok(self, result):
        if not self._is_loop(result):
            self._record(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, 'failed', ignored=ignore_errors or _in_rescued_block(result._task))

    def v2_runner_on_skipped(self, result):
        if not self._is_loop(result):
            self._record(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._record(result, 'unreachable')

    def v2_runner_item_on_ok(self, result):
        self._record(result, 'ok')

    def v2_runner_item_on_failed(self, result):
        self._record(result, 'failed', ignored=bool(getattr(result._task, 'ignore_errors', False)) or _in_rescued_block(result._task))

    def v2_runner_item_on_skipped(self, result):
        self._record(result, 'skipped')

    def v2_playbook_on_stats(self, stats):
        hosts = sorted(stats.processed.keys())
        self._write({'schema': SCHEMA, 'end': True, 'stats': dict((host, stats.summarize(host)) for host in hosts)})
        if self._out is not None:
            self._out.close()
            self._out = None
