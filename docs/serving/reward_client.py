"""Stdlib-only reward clients for `lyceum serve`: OpenRLHF's /get_reward and NeMo Gym's /verify.

    python3 reward_client.py http://127.0.0.1:8000
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request


def post(base_url, path, body, token=None, timeout=180.0, tries=5):
    """POSTs JSON with OpenRLHF's client policy: 180 s timeout, 5 tries, 1 s apart."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base_url + path, json.dumps(body).encode(), headers, method="POST")
    for attempt in range(tries):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError:
            raise  # the server understood and refused: retrying will not help
        except OSError:
            if attempt == tries - 1:
                raise
            time.sleep(1)


def get_reward(base_url, prompts, responses, labels, token=None):
    """OpenRLHF remote reward: query is prompt + response. Returns (rewards, failures); a failure is
    {"type", "detail"} where the reward could not score, None elsewhere."""
    body = {"query": [p + r for p, r in zip(prompts, responses)], "prompts": prompts, "labels": labels}
    out = post(base_url, "/get_reward", body, token)
    return out["rewards"], out["failures"]


def verify(base_url, prompt, answer, expected_answer, token=None):
    """NeMo Gym /verify with OpenAI Responses objects; returns the reply (reward, maybe failure)."""
    body = {
        "responses_create_params": {"input": [{"role": "user", "content": prompt}]},
        "response": {"id": "resp-1", "object": "response", "output": [
            {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": answer}]}]},
        "expected_answer": expected_answer,
    }
    return post(base_url, "/verify", body, token)


if __name__ == "__main__":
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    token = os.environ.get("LYCEUM_SERVE_TOKEN")
    rewards, failures = get_reward(base, ["What is 3 + 4?"], [" The answer is \\boxed{7}."], ["7"], token)
    checked = verify(base, "What is 3 + 4?", "It is \\boxed{7}.", "7", token)
    print(json.dumps({"get_reward": rewards, "failures": failures, "verify": checked["reward"],
                      "verify_failure": checked.get("failure")}))
