# What Git wants. The recorded state (live.tfstate) is what runs now: it was applied from an older
# version of this file, so a plan shows drift of every kind.
variable "database_password" {
  type      = string
  sensitive = true
  default   = "demo-only-not-a-real-password-2"
}

resource "terraform_data" "web" {
  input = {
    image    = "registry.example.com/web:1.5.0"
    replicas = 4
    env      = { LOG_LEVEL = "info", FEATURE_CHECKOUT = "on" }
  }
}

resource "terraform_data" "firewall" {
  input = { allowed_sources = ["10.0.0.0/8", "192.168.0.0/16"], port = 443 }
}

resource "terraform_data" "database" {
  input            = { engine = "postgres", password = var.database_password }
  triggers_replace = ["postgres-16"]
}

resource "terraform_data" "queue" {
  input = { name = "orders", retention_days = 7 }
}

output "web_url" {
  value = "https://web.example.com"
}
